/**
 * The server's errors: a flat list of named factories with a stable code.
 * One handler (see app.ts) turns any of them into `{ error: { code, message } }`.
 */
export class HttpError extends Error {
  readonly statusCode: number
  readonly code: string
  constructor(statusCode: number, code: string, message: string) {
    super(message)
    this.statusCode = statusCode
    this.code = code
  }
}

export const badRequest = (message: string, code = 'bad_request') => new HttpError(400, code, message)
export const invalidField = (field: string, message: string) =>
  new HttpError(400, 'invalid_field', `${field}: ${message}`)
export const unauthorized = (message = 'Authentification requise.') =>
  new HttpError(401, 'unauthorized', message)
export const invalidCredentials = () =>
  new HttpError(401, 'invalid_credentials', 'Adresse e-mail ou mot de passe incorrect.')
export const forbidden = (message = 'Accès refusé.') => new HttpError(403, 'forbidden', message)
export const foreignOrigin = () =>
  new HttpError(403, 'foreign_origin', 'Requête refusée : origine étrangère au site.')
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} introuvable.`)
export const conflict = (message: string, code = 'conflict') => new HttpError(409, code, message)
export const unknownCode = () => new HttpError(404, 'unknown_code', 'Code inconnu ou révoqué.')
export const emailTaken = () => new HttpError(409, 'email_taken', 'Un compte existe déjà avec cette adresse.')
export const unavailable = (message: string) => new HttpError(503, 'unavailable', message)
export const unsupportedImage = () =>
  new HttpError(
    415,
    'unsupported_image',
    'Format d’image non pris en charge : envoyez un PNG, un JPEG ou un WebP.',
  )
export const imageTooLarge = (maxBytes: number) =>
  new HttpError(413, 'image_too_large', `Image trop volumineuse : ${maxBytes / (1024 * 1024)} Mo au plus.`)
