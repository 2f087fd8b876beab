import type { ErrorCode } from '../shared/http/error-codes.ts'

/**
 * The server's errors: a flat list of named factories with a stable code (listed, with the client's
 * sentences, in shared/http/error-codes.ts). One handler (http/errors-plugin.ts) turns any of them into
 * `{ error: { code, message, field?, details? } }`.
 */
export class HttpError extends Error {
  readonly statusCode: number
  readonly code: string
  /** The input at fault (`carrier.name`), when there is one. */
  readonly field?: string
  /** Values the client's sentence for the code needs (a limit, a code). */
  readonly details?: Record<string, string | number>
  /** Headers the answer carries (Retry-After on a 429). */
  headers?: Record<string, string>
  constructor(
    statusCode: number,
    code: ErrorCode,
    message: string,
    extra: { field?: string; details?: Record<string, string | number> } = {},
  ) {
    super(message)
    this.statusCode = statusCode
    this.code = code
    this.field = extra.field
    this.details = extra.details
  }
}

export const badRequest = (
  message: string,
  code: ErrorCode = 'bad_request',
  details?: Record<string, string | number>,
) => new HttpError(400, code, message, { details })
export const invalidField = (field: string, message: string, reason?: string) =>
  new HttpError(400, 'invalid_field', message, { field, ...(reason ? { details: { reason } } : {}) })
/** A text field holding NUL or a lone surrogate (http/text-rule.ts). */
export const invalidText = (field: string) =>
  new HttpError(400, 'invalid_text', `${field} contient un caractère refusé (NUL ou demi-caractère isolé).`, {
    field,
  })
export const unauthorized = (message = 'Authentification requise.') =>
  new HttpError(401, 'unauthorized', message)
export const invalidCredentials = () =>
  new HttpError(401, 'invalid_credentials', 'Adresse e-mail ou mot de passe incorrect.')
export const forbidden = (message = 'Accès refusé.') => new HttpError(403, 'forbidden', message)
export const foreignOrigin = () =>
  new HttpError(403, 'foreign_origin', 'Requête refusée : origine étrangère au site.')
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} introuvable.`)
export const conflict = (message: string, code: ErrorCode) => new HttpError(409, code, message)
export const unknownCode = () => new HttpError(404, 'unknown_code', 'Code inconnu ou révoqué.')
export const emailTaken = () => new HttpError(409, 'email_taken', 'Un compte existe déjà avec cette adresse.')
export const signupInviteOnly = () =>
  new HttpError(
    403,
    'signup_invite_only',
    'Les inscriptions se font sur invitation : demandez un lien à l’administrateur de votre conseil.',
  )
export const passwordRefused = (
  code: 'password_too_short' | 'password_too_common',
  min: number,
  field = 'password',
) =>
  code === 'password_too_short'
    ? new HttpError(400, code, `Mot de passe trop court : ${min} caractères au moins, espaces non comptés.`, {
        field,
        details: { min },
      })
    : new HttpError(400, code, 'Mot de passe trop courant ou trop facile à deviner.', { field })
export const wrongPassword = () => new HttpError(403, 'wrong_password', 'Mot de passe actuel incorrect.')
export const councilAdminOnly = () =>
  new HttpError(403, 'council_admin_only', 'Réservé aux administrateurs du conseil.')
export const cannotRemoveSelf = () =>
  new HttpError(409, 'cannot_remove_self', 'Vous ne pouvez pas vous retirer vous-même du conseil.')
export const cannotEraseSelf = () =>
  new HttpError(
    409,
    'cannot_erase_self',
    'Vous ne pouvez pas effacer votre propre compte : demandez-le à une autre personne de l’administration.',
  )
export const resetLinkInvalid = () =>
  new HttpError(404, 'reset_link_invalid', 'Lien de réinitialisation inconnu, expiré ou déjà utilisé.')
export const unavailable = (message: string) => new HttpError(503, 'unavailable', message)
/** A contract that workshops or records still use (DELETE /api/contracts/:id). */
export const contractInUse = (uses: { workshops: number; records: number }) =>
  new HttpError(
    409,
    'contract_in_use',
    `Ce contrat sert encore à ${uses.workshops} atelier(s) et ${uses.records} fiche(s)-projet(s) : supprimez-les d’abord.`,
    { details: uses },
  )
/** An actor that records still name (DELETE /api/actors/:id). */
export const actorInUse = (records: number) =>
  new HttpError(
    409,
    'actor_in_use',
    `Cet acteur figure encore dans ${records} fiche(s)-projet(s) : retirez-le d’abord de ces fiches.`,
    { details: { records } },
  )
/** The council's name typed to confirm its deletion is not its name (DELETE /api/council). */
export const confirmationMismatch = () =>
  new HttpError(
    400,
    'confirmation_mismatch',
    'Le nom saisi ne correspond pas au nom du conseil : rien n’a été supprimé.',
    { field: 'confirm' },
  )
export const unsupportedImage = () =>
  new HttpError(
    415,
    'unsupported_image',
    'Format d’image non pris en charge : envoyez un PNG, un JPEG ou un WebP.',
  )
export const imageTooLarge = (maxBytes: number) =>
  new HttpError(413, 'image_too_large', `Image trop volumineuse : ${maxBytes / (1024 * 1024)} Mo au plus.`, {
    details: { maxMb: maxBytes / (1024 * 1024) },
  })
