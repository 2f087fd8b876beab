import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { HttpError } from '../errors.ts'

/**
 * The one place where failures become `{ error: { code, message, field?, details? } }` answers
 * (shared/http/error-codes.ts). No stack reaches a client.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof HttpError) {
      if (error.headers) reply.headers(error.headers)
      return reply.status(error.statusCode).send({
        error: {
          code: error.code,
          message: error.message,
          ...(error.field ? { field: error.field } : {}),
          ...(error.details ? { details: error.details } : {}),
        },
      })
    }
    if (error.validation) {
      const first = error.validation[0]
      const field = first?.instancePath
        ? first.instancePath.slice(1).replaceAll('/', '.')
        : (first?.params as any)?.missingProperty
      const where = error.validationContext ?? 'body'
      const message = field
        ? `${where}.${field} ${first?.message ?? 'is invalid'}`
        : `${where} ${first?.message ?? 'is invalid'}`
      return reply.status(400).send({ error: { code: 'invalid_input', message, field: field ?? null } })
    }
    const status = error.statusCode ?? 500
    if (status >= 400 && status < 500) {
      const code = knownCodes[error.code] ?? (status === 429 ? 'rate_limited' : 'bad_request')
      return reply.status(status).send({ error: { code, message: clientMessage(error, status) } })
    }
    request.log.error({ err: error }, 'request failed')
    return reply
      .status(500)
      .send({ error: { code: 'internal_error', message: 'Erreur interne du serveur.' } })
  })

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: {
        code: 'not_found',
        message: `Route inconnue : ${request.method} ${request.url.split('?')[0]}`,
      },
    })
  })
}

/**
 * Fastify's refusals before any route runs (Fastify's `frameworkErrors`): a URL that does not decode to
 * text (a percent-encoded lone surrogate, bytes that are not UTF-8) or a path parameter longer than the
 * router takes. The same answer shape as every other error.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400
  reply.status(status).send({
    error: {
      code: 'bad_request',
      message:
        status === 414 ? 'Adresse trop longue.' : 'Adresse invalide : elle ne se lit pas comme du texte.',
    },
  })
}

const knownCodes: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
}

function clientMessage(error: FastifyError, status: number): string {
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return 'Corps JSON invalide.'
  if (status === 413) return 'Corps de requête trop volumineux.'
  if (status === 415) return 'Type de contenu non pris en charge : envoyez du JSON.'
  if (status === 429) return 'Trop de tentatives : réessayez dans un moment.'
  // Fastify's own 4xx messages are short and carry no internals.
  return error.message
}
