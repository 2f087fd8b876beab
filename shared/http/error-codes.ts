/**
 * The errors of the HTTP API, as data: every answer in error is `{ error: { code, message, field?,
 * details? } }`. `code` is stable and listed here; `message` is the server's sentence in French, for
 * people reading the raw API; `field` names the input at fault (`carrier.name`, `title`…) when there is
 * one; `details` carries values the sentence needs (a limit, a code). The client shows its own sentence
 * for the code, in the reader's language (errorText below), and the server's only for a code it does not
 * know yet. Refusals of a live-board change answered over HTTP use the live review's codes
 * (server/collab/review/refusals.ts), listed here too.
 */

export interface ApiErrorBody {
  error: {
    code: string
    message: string
    field?: string | null
    details?: Record<string, string | number>
  }
}

type Sentences = { fr: string; en: string }

/**
 * One sentence per code, French and English; `{name}` is replaced by `details.name`. A table: one code
 * a line, its French sentence then its English one (kept on one line however long, to read down the codes).
 */
// biome-ignore format: one code a line, like a table
export const errorSentences = {
  // Accounts and access
  unauthorized: { fr: 'Connectez-vous pour continuer.', en: 'Please sign in to continue.' },
  invalid_credentials: { fr: 'Adresse e-mail ou mot de passe incorrect.', en: 'Wrong e-mail address or password.' },
  forbidden: { fr: 'Accès refusé.', en: 'Access denied.' },
  foreign_origin: { fr: 'Requête refusée : origine étrangère au site.', en: 'Request refused: it came from another site.' },
  email_taken: { fr: 'Un compte existe déjà avec cette adresse.', en: 'An account already exists with this address.' },
  invite_used: { fr: 'Invitation déjà utilisée.', en: 'This invitation has already been used.' },
  signup_invite_only: { fr: 'Les inscriptions se font sur invitation : demandez un lien à l’administrateur de votre conseil.', en: 'Sign-up is by invitation: ask your council’s administrator for a link.' },
  password_too_short: { fr: 'Mot de passe trop court : {min} caractères au moins, espaces non comptés.', en: 'Password too short: at least {min} characters, not counting spaces.' },
  password_too_common: { fr: 'Mot de passe trop courant ou trop facile à deviner : choisissez-en un autre, une phrase par exemple.', en: 'This password is too common or too easy to guess: choose another, a sentence for example.' },
  wrong_password: { fr: 'Mot de passe actuel incorrect.', en: 'The current password is wrong.' },
  council_admin_only: { fr: 'Réservé aux administrateurs du conseil.', en: 'Only the council’s administrators can do this.' },
  slug_taken: { fr: 'Cette adresse de vitrine est déjà prise par un autre conseil : choisissez-en une autre.', en: 'Another council already uses this showcase address: choose another one.' },
  cannot_remove_self: { fr: 'Vous ne pouvez pas vous retirer vous-même du conseil.', en: 'You cannot remove yourself from the council.' },
  cannot_erase_self: { fr: 'Vous ne pouvez pas effacer votre propre compte : demandez-le à une autre personne de l’administration.', en: 'You cannot erase your own account: ask another administrator.' },
  reset_link_invalid: { fr: 'Lien de réinitialisation inconnu, expiré ou déjà utilisé : demandez-en un nouveau.', en: 'This reset link is unknown, expired or already used: ask for a new one.' },
  // Requests
  not_found: { fr: 'Introuvable.', en: 'Not found.' },
  bad_request: { fr: 'Requête invalide.', en: 'Invalid request.' },
  invalid_input: { fr: 'Saisie invalide.', en: 'Invalid input.' },
  invalid_field: { fr: 'Ce champ est invalide.', en: 'This field is invalid.' },
  invalid_text: { fr: 'Ce texte contient un caractère invisible refusé (caractère nul ou emoji coupé) : retapez-le ou collez-le sans lui.', en: 'This text holds a refused invisible character (a null character or a broken emoji): type it again or paste it without.' },
  invalid_json: { fr: 'Corps JSON invalide.', en: 'Invalid JSON body.' },
  body_too_large: { fr: 'Envoi trop volumineux.', en: 'What was sent is too large.' },
  unsupported_media_type: { fr: 'Type de contenu non pris en charge : envoyez du JSON.', en: 'Unsupported content type: send JSON.' },
  rate_limited: { fr: 'Trop de tentatives : réessayez dans un moment.', en: 'Too many attempts: try again in a moment.' },
  too_many_failures: { fr: 'Trop d’essais manqués : réessayez dans {minutes} min.', en: 'Too many failed attempts: try again in {minutes} min.' },
  internal_error: { fr: 'Erreur interne du serveur.', en: 'Internal server error.' },
  unavailable: { fr: 'Service momentanément indisponible : réessayez dans un moment.', en: 'Service unavailable for a moment: try again shortly.' },
  upgrade_required: { fr: 'Connexion websocket attendue.', en: 'A websocket connection was expected.' },
  too_many_connections: { fr: 'Trop de connexions à ce tableau.', en: 'Too many connections to this board.' },
  // Workshops and codes
  unknown_code: { fr: 'Code inconnu ou révoqué.', en: 'Unknown or revoked code.' },
  call_not_open: { fr: 'Cet appel n’est pas encore ouvert : il n’accepte pas encore de candidatures.', en: 'This call is not open yet: it does not take applications yet.' },
  call_closed: { fr: 'Cet appel est clos : les candidatures ne se déposent ni ne se modifient plus.', en: 'This call is closed: applications can no longer be sent or changed.' },
  workshop_closed: { fr: 'Cet atelier est terminé : il n’accueille plus de participants.', en: 'This workshop is over: it takes no more participants.' },
  last_facilitator: { fr: 'Un atelier garde au moins un animateur ou une animatrice.', en: 'A workshop keeps at least one facilitator.' },
  anonymous_fixed: { fr: 'L’anonymat se choisit à la création de l’atelier et ne change plus ensuite.', en: 'Anonymity is chosen when the workshop is created and cannot change afterwards.' },
  no_timer: { fr: 'Aucun minuteur en cours.', en: 'No timer is running.' },
  unknown_priority: { fr: 'Priorité inconnue dans ce contrat : {code}.', en: 'Unknown priority in this contract: {code}.' },
  unknown_action: { fr: 'Fiche-action inconnue dans ce contrat : {code}.', en: 'Unknown action in this contract: {code}.' },
  unknown_zone: { fr: 'Aucune zone de ce tableau ne correspond à cette priorité.', en: 'No zone of this board matches this priority.' },
  duplicate_code: { fr: 'Code en double : {code}.', en: 'Duplicate code: {code}.' },
  // Workshop templates
  template_format: { fr: 'Ce fichier n’est pas un modèle d’atelier Kenlabour.', en: 'This file is not a Kenlabour workshop template.' },
  template_version: { fr: 'Version de modèle non prise en charge : {version} (attendue : {expected}).', en: 'Unsupported template version: {version} (expected: {expected}).' },
  invalid_template: { fr: 'Modèle invalide : {field}.', en: 'Invalid template: {field}.' },
  built_in_template: { fr: 'Les modèles fournis avec Kenlabour ne se suppriment pas.', en: 'Templates shipped with Kenlabour cannot be deleted.' },
  // Votes
  vote_closed: { fr: 'Le vote n’est pas ouvert.', en: 'Voting is not open.' },
  too_many_dots: { fr: 'Vous n’avez plus de points à donner.', en: 'You have no dots left to give.' },
  wrong_target: { fr: 'Le vote ne porte pas sur ce genre d’élément.', en: 'The vote is not on this kind of element.' },
  // Project records
  stale_version: { fr: 'Quelqu’un a enregistré cette fiche entre-temps.', en: 'Someone saved this record meanwhile.' },
  conversion_attach_invalid: { fr: 'Ce regroupement ne peut pas être rattaché à cette fiche-projet : rechargez la proposition.', en: 'This cluster cannot be attached to that record: reload the proposal.' },
  conversion_in_progress: { fr: 'Une autre conversion de cet atelier vient d’avoir lieu : réessayez.', en: 'Another conversion of this workshop just happened: try again.' },
  // Deleting (DELETE /api/contracts/:id, /api/actors/:id, /api/council)
  contract_in_use: { fr: 'Ce contrat sert encore à {workshops} atelier(s) et {records} fiche(s)-projet(s) : supprimez-les d’abord.', en: 'This contract is still used by {workshops} workshop(s) and {records} project record(s): delete them first.' },
  actor_in_use: { fr: 'Cet acteur figure encore dans {records} fiche(s)-projet(s) : retirez-le d’abord de ces fiches.', en: 'This actor still appears in {records} project record(s): remove it from them first.' },
  confirmation_mismatch: { fr: 'Le nom saisi ne correspond pas au nom du conseil : rien n’a été supprimé.', en: 'The name typed does not match the council’s name: nothing was deleted.' },
  // Images
  unsupported_image: { fr: 'Format d’image non pris en charge : envoyez un PNG, un JPEG ou un WebP.', en: 'Unsupported image format: send a PNG, a JPEG or a WebP.' },
  image_too_large: { fr: 'Image trop volumineuse : {maxMb} Mo au plus.', en: 'Image too large: {maxMb} MB at most.' },
  // Board changes refused by the live review (over HTTP: the ideas routes)
  read_only: { fr: 'Tableau en lecture seule.', en: 'The board is read-only.' },
  not_author: { fr: 'Seule la personne qui a écrit cette idée peut la modifier.', en: 'Only the person who wrote this idea may change it.' },
  facilitators_only: { fr: 'Réservé à l’animation.', en: 'Facilitators only.' },
  not_allowed_now: { fr: 'Pas possible à cette étape.', en: 'Not possible at this stage.' },
  ideas_closed: { fr: 'Les nouvelles idées sont fermées à cette étape.', en: 'New ideas are closed at this stage.' },
  locked_shape: { fr: 'Élément verrouillé par l’animation.', en: 'Locked by the facilitator.' },
  board_full: { fr: 'Le tableau est plein.', en: 'The board is full.' },
  too_many_ideas: { fr: 'Trop d’idées en une minute : patientez un instant.', en: 'Too many ideas in one minute: wait a moment.' },
  invalid_record: { fr: 'Élément invalide.', en: 'Invalid element.' },
  invalid_entry: { fr: 'Contenu hors du format du tableau.', en: 'Content outside the board format.' },
  malformed_update: { fr: 'Modification illisible.', en: 'Unreadable change.' },
  missing_dependencies: { fr: 'Modification incomplète : synchronisation en cours.', en: 'Incomplete change: syncing.' },
  votes_over_http: { fr: 'Les points se donnent par le bouton de vote.', en: 'Dots are given with the vote button.' },
  shape_type_refused: { fr: 'Ce genre d’élément n’a pas sa place sur le tableau.', en: 'This kind of element has no place on the board.' },
  image_not_uploaded: { fr: 'Image non envoyée sur ce tableau.', en: 'Image not uploaded to this board.' },
  broken_reference: { fr: 'Élément lié à un autre qui n’existe pas.', en: 'Element tied to one that does not exist.' },
  server_only: { fr: 'Réservé au serveur.', en: 'Reserved to the server.' },
  author_set_by_server: { fr: 'Auteur ou autrice fixé par le serveur.', en: 'Author set by the server.' },
  kept_private: { fr: 'Écriture silencieuse : votre idée reste privée jusqu’à la révélation.', en: 'Silent writing: your idea stays private until the reveal.' },
} as const satisfies Record<string, Sentences>

export type ErrorCode = keyof typeof errorSentences

/** Is `code` one of the listed codes? */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorSentences, code)
}

/**
 * The sentence for an error in `locale`, or null when the code is not listed (the caller then shows the
 * server's message, or a generic one).
 */
export function errorText(
  code: string,
  locale: 'fr' | 'en',
  details: Record<string, string | number> = {},
): string | null {
  if (!isErrorCode(code)) return null
  return errorSentences[code][locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in details ? String(details[name]) : whole,
  )
}
