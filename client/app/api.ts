/**
 * The client's way to call the server's JSON API (same origin, session cookie included).
 *
 * Every failure becomes an `ApiError`: the server's `{error:{code,message,field?,details?}}` when it sent one, otherwise
 * a code of its own (`network` when the server could not be reached, `http_<status>` for a bare status).
 */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  /** The input at fault, when the server named one (`carrier.name`). */
  readonly field?: string
  /** Values of the code's sentence (shared/http/error-codes.ts). */
  readonly details?: Record<string, string | number>
  constructor(
    status: number,
    code: string,
    message: string,
    extra: { field?: string; details?: Record<string, string | number> } = {},
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = extra.field
    this.details = extra.details
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

/** Sends a request and returns the parsed JSON answer (undefined for 204). Throws `ApiError`. */
export async function apiRequest<T>(
  method: Method,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
  /** Headers of the request's own (an application's private-link token). */
  extraHeaders?: Record<string, string>,
) {
  let response: Response
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { ...(body === undefined ? { accept: 'application/json' } : jsonHeaders), ...extraHeaders },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    })
  } catch (error) {
    if (signal?.aborted) throw error
    throw new ApiError(0, 'network', 'Le serveur est injoignable.')
  }
  if (response.status === 204) return undefined as T
  const data = await response.json().catch(() => undefined)
  if (!response.ok) {
    const error = data?.error
    if (error && typeof error.code === 'string')
      throw new ApiError(response.status, error.code, String(error.message ?? error.code), {
        field: typeof error.field === 'string' ? error.field : undefined,
        details: typeof error.details === 'object' && error.details ? error.details : undefined,
      })
    throw new ApiError(response.status, `http_${response.status}`, response.statusText || 'Erreur')
  }
  return data as T
}

const jsonHeaders = { accept: 'application/json', 'content-type': 'application/json' }

/** `GET path` → JSON. */
export const apiGet = <T>(path: string, signal?: AbortSignal) => apiRequest<T>('GET', path, undefined, signal)
/** `POST path` with a JSON body → JSON. */
export const apiPost = <T>(path: string, body: unknown = {}) => apiRequest<T>('POST', path, body)
/** `PATCH path` with a JSON body → JSON. */
export const apiPatch = <T>(path: string, body: unknown) => apiRequest<T>('PATCH', path, body)
