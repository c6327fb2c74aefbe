// A small typed wrapper around fetch for the same-origin JSON API.
//
// Every request sends the session cookie (same-origin) and asks for JSON. State-changing
// requests carry the CSRF token from GET /api/v1/auth/csrf, fetched lazily once and kept in
// memory; when the server answers 403 {"error": "csrf_failed"} (the session rotated, e.g. after
// signing in or out) the token is fetched again and the request retried once.
//
// Failures are thrown as one of two kinds, so screens can tell them apart:
//   ApiError      the server answered with an error status ({"error", "message", "fields"})
//   OfflineError  no answer at all (no network, server down): the app keeps working locally

export type FieldErrors = Readonly<Record<string, readonly string[]>>

export class ApiError extends Error {
  override readonly name = 'ApiError'

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrors = {},
    /** Seconds from a Retry-After header (429, or 503 when the server is busy), if sent. */
    readonly retryAfter: number | null = null,
  ) {
    super(message)
  }
}

export class OfflineError extends Error {
  override readonly name = 'OfflineError'

  constructor(cause: unknown) {
    super('The server could not be reached.', { cause })
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

const UNSAFE: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const CSRF_PATH = '/api/v1/auth/csrf'

let csrfToken: Promise<string> | null = null

/** Forget the cached CSRF token; the next state-changing request fetches a fresh one. */
export function resetCsrfToken(): void {
  csrfToken = null
}

function getCsrfToken(): Promise<string> {
  csrfToken ??= send('GET', CSRF_PATH).then(async (response) => {
    const body = await readJson(response)
    if (!response.ok || !isRecord(body) || typeof body['csrf_token'] !== 'string') {
      throw toApiError(response, body)
    }
    return body['csrf_token']
  })
  // A failed fetch must not stick: let the next request try again.
  csrfToken.catch(() => {
    csrfToken = null
  })
  return csrfToken
}

async function send(method: Method, path: string, body?: unknown, csrf?: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (csrf !== undefined) headers['X-CSRF-Token'] = csrf
  try {
    return await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
    })
  } catch (error) {
    throw new OfflineError(error)
  }
}

/**
 * Call the API and return its JSON body (undefined for 204). `T` is trusted, not checked:
 * the server's marshmallow schemas are the contract.
 */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const unsafe = UNSAFE.has(method)
  let response = await send(method, path, body, unsafe ? await getCsrfToken() : undefined)
  let payload = await readJson(response)
  if (unsafe && response.status === 403 && isRecord(payload) && payload['error'] === 'csrf_failed') {
    resetCsrfToken()
    response = await send(method, path, body, await getCsrfToken())
    payload = await readJson(response)
  }
  if (!response.ok) throw toApiError(response, payload)
  return payload as T
}

/** POST a form with a file (an import): the CSRF header like any write, no JSON body. */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  const attempt = async () => {
    try {
      return await fetch(path, {
        method: 'POST',
        headers: { Accept: 'application/json', 'X-CSRF-Token': await getCsrfToken() },
        credentials: 'same-origin',
        body: form,
      })
    } catch (error) {
      throw new OfflineError(error)
    }
  }
  let response = await attempt()
  let payload = await readJson(response)
  if (response.status === 403 && isRecord(payload) && payload['error'] === 'csrf_failed') {
    resetCsrfToken()
    response = await attempt()
    payload = await readJson(response)
  }
  if (!response.ok) throw toApiError(response, payload)
  return payload as T
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined
  const text = await response.text().catch(() => '')
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined // e.g. an HTML error page from a proxy
  }
}

function toApiError(response: Response, body: unknown): ApiError {
  const record = isRecord(body) ? body : {}
  const code = typeof record['error'] === 'string' ? record['error'] : 'http_error'
  const message =
    typeof record['message'] === 'string' ? record['message'] : `Request failed (${response.status})`
  return new ApiError(response.status, code, message, readFields(record['fields']), retryAfter(response))
}

function readFields(value: unknown): FieldErrors {
  if (!isRecord(value)) return {}
  const fields: Record<string, string[]> = {}
  for (const [name, messages] of Object.entries(value)) {
    if (Array.isArray(messages)) fields[name] = messages.map(String)
    else if (typeof messages === 'string') fields[name] = [messages]
  }
  return fields
}

function retryAfter(response: Response): number | null {
  const header = response.headers.get('Retry-After')
  if (header === null) return null
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds)
  const date = Date.parse(header)
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
