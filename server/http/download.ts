import type { FastifyReply } from 'fastify'
import { errorResponses } from '../../shared/api/common.ts'

/** Media types of the files the API sends to download. */
export const mediaTypes = {
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  json: 'application/json; charset=utf-8',
  zip: 'application/zip',
} as const

/**
 * The schema part of a route answering a CSV file for a French spreadsheet (http/spreadsheet-csv.ts):
 * its media type and its text, or the usual errors.
 */
export const csvFileSchema = {
  produces: ['text/csv'],
  response: { 200: { type: 'string' }, ...errorResponses },
}

/**
 * Marks the answer as a file to save under `fileName` (plain ASCII: `Content-Disposition: attachment`),
 * of `mediaType` when given (else the route's own, JSON for an object).
 */
export function asDownload(reply: FastifyReply, fileName: string, mediaType?: string): FastifyReply {
  if (mediaType) reply.header('content-type', mediaType)
  return reply.header('content-disposition', `attachment; filename="${fileName}"`)
}

/**
 * Text as a file name in ASCII: accents dropped, every other run of characters a hyphen, 60 characters
 * at most, lower case; `fallback` when nothing is left.
 */
export function asciiFileName(text: string, fallback: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .toLowerCase() || fallback
  )
}
