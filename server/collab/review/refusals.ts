/**
 * Why a part of an update was undone: the stable codes the sender receives in a `refused` message
 * (shared/collab/PROTOCOL.md) and the HTTP idea routes answer with, and the French messages shown to
 * people. The client keys its own wording on the code; the message is for logs, tools and plain clients.
 */
export type RefusalCode =
  /** The sender may not change the board now (observer; participant on a locked or closed board). */
  | 'read_only'
  /** The update could not be decoded (what was decoded before the error was reviewed as usual). */
  | 'malformed_update'
  /** The update depends on content the server does not have: that part is discarded. */
  | 'missing_dependencies'
  /** Content outside `records` and `meta`, or not shaped as board format v2 there. */
  | 'invalid_entry'
  /** A write to v1's `votes` root: dots are given over HTTP now (PUT /api/boards/:id/votes/:targetId). */
  | 'votes_over_http'
  /** A record that the board schema rejects (unknown type, NaN, wrong or extra props, id ≠ key, too large). */
  | 'invalid_record'
  /** A shape or asset type nobody may put on a board (tldraw's sticky note, embeds, bookmarks, videos). */
  | 'shape_type_refused'
  /** An image that is not a file uploaded to this board (`/api/boards/:boardId/assets/:assetId`). */
  | 'image_not_uploaded'
  /** A change reserved to facilitators (zones, pages, annotations, locking, assets). */
  | 'facilitators_only'
  /** A change participants may make, but not in this phase (moving ideas while voting…). */
  | 'not_allowed_now'
  /** A new idea while participants may not post (voting, closed, clustering when not allowed). */
  | 'ideas_closed'
  /** A change to someone else's idea, or the deletion of someone else's cluster. */
  | 'not_author'
  /** A change to a shape the facilitator locked. */
  | 'locked_shape'
  /**
   * Not a refusal of the change: the idea's author fields were set by the server (from the session, or
   * empty in an anonymous workshop) instead of what the client wrote. The rest of the change stands.
   */
  | 'author_set_by_server'
  /** Silent writing: the new idea was taken out of the shared board and kept as the sender's private idea. */
  | 'kept_private'
  /** The board holds MAX_IDEAS_PER_BOARD ideas (shared and private together). */
  | 'board_full'
  /** The sender posted more than IDEAS_PER_PARTICIPANT_PER_MINUTE new ideas. */
  | 'too_many_ideas'
  /** A record the board cannot do without (the document record), or one referring to a missing record. */
  | 'broken_reference'
  /** `meta` is written by the server only, on facilitator requests (PATCH /api/workshops/:id). */
  | 'server_only'
  /** The review itself failed: the whole update was taken out. */
  | 'internal_error'

/** A part of an update that was undone (or rewritten), and why. */
export interface Refusal {
  recordId?: string
  code: RefusalCode
  message: string
}

/** Codes that report what the server did with an accepted change rather than a refusal of it. */
export const notices: ReadonlySet<RefusalCode> = new Set(['author_set_by_server', 'kept_private'])

/** Builds a refusal of one record. */
export function refusal(recordId: string, code: RefusalCode, message: string): Refusal {
  return { recordId, code, message }
}

/**
 * The refusals of one update, at most `max` of them: a hostile update could otherwise produce
 * thousands (5,000 cards in one message), each one a line in the sender's `refused` message.
 */
export class RefusalList {
  readonly #max: number
  readonly #list: Refusal[] = []
  #truncated = false

  constructor(max: number) {
    this.#max = max
  }

  add(refusal: Refusal): void {
    if (this.#list.length < this.#max) this.#list.push(refusal)
    else this.#truncated = true
  }

  get size(): number {
    return this.#list.length
  }

  result(): { refusals: Refusal[]; truncated: boolean } {
    return { refusals: this.#list, truncated: this.#truncated }
  }
}

export const messages = {
  malformed: 'Modification illisible : ignorée.',
  missingDependencies: 'Modification incomplète (elle dépend de contenus inconnus du serveur) : ignorée.',
  internalError: 'Modification non vérifiable : annulée.',
  strayRecords: 'Contenu inattendu dans records : supprimé.',
  strayMeta: 'Contenu inattendu dans meta : supprimé.',
  strayEntry: 'Entrée de records mal formée : supprimée.',
  strayRoot: 'Contenu hors du format du tableau : supprimé.',
  votesOverHttp:
    'Les gommettes ne s’écrivent plus dans le tableau : le vote passe par le serveur (vote secret).',
  readOnlyObserver: 'Observateur : le tableau est en lecture seule.',
  readOnlyParticipant: 'Le tableau est verrouillé ou l’atelier est clos : modification annulée.',
  serverOnly: (key: string) =>
    `meta.${key} est réservé au serveur : passez par les commandes de l’animation.`,
  invalidRecord: (key: string, why: string) => `Élément refusé (${key}) : ${why}.`,
  documentRecord: 'Le document du tableau ne peut pas être supprimé.',
  shapeType: (type: string) => `Ce type d’élément (${type}) n’est pas accepté sur un tableau Kenlabour.`,
  assetType: (type: string) =>
    `Ce type de fichier (${type}) n’est pas accepté : seules les images téléversées.`,
  imageNotUploaded:
    'Une image doit être un fichier téléversé sur ce tableau : aucune image ne se charge d’ailleurs.',
  lockedShape: 'Cet élément est verrouillé par l’animation.',
  authorSetByServer: 'L’auteur d’une idée est fixé par le serveur : il a été rétabli.',
  keptPrivate:
    'Écriture silencieuse : votre idée reste visible de vous et de l’animation jusqu’au dévoilement.',
  boardFull: (max: number) =>
    `Le tableau a atteint ${max.toLocaleString('fr-FR')} idées : plus de nouvelle idée.`,
  tooManyIdeas: (perMinute: number) =>
    `Plus de ${perMinute} idées en une minute : patientez un peu avant d’en ajouter d’autres.`,
  idTaken: 'Cet identifiant appartient à l’idée de quelqu’un d’autre.',
  missingParent: (id: string) => `Parent introuvable : ${id}.`,
  parentChain: 'Chaîne de parents invalide (boucle ou trop profonde).',
  missingBound: (id: string) => `Forme liée introuvable : ${id}.`,
} as const
