import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { api, ApiError, OfflineError, resetCsrfToken } from './api'

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

/** A fake fetch answering from `handler` and remembering every call. */
function serve(handler: Handler) {
  const calls: { url: string; init: RequestInit }[] = []
  const fake = vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init })
    return handler(url, init)
  })
  vi.stubGlobal('fetch', fake)
  return calls
}

function header(init: RequestInit, name: string): string | undefined {
  return (init.headers as Record<string, string>)[name]
}

beforeEach(() => resetCsrfToken())
afterEach(() => vi.unstubAllGlobals())

describe('the API wrapper', () => {
  it('sends the session cookie and asks for JSON on a plain GET, without a CSRF token', async () => {
    const calls = serve(() => json(200, { user: { id: 'u1' } }))
    await expect(api.get('/api/v1/auth/me')).resolves.toEqual({ user: { id: 'u1' } })
    expect(calls).toHaveLength(1)
    expect(calls[0]?.init.credentials).toBe('same-origin')
    expect(header(calls[0]!.init, 'Accept')).toBe('application/json')
    expect(header(calls[0]!.init, 'X-CSRF-Token')).toBeUndefined()
  })

  it('fetches the CSRF token once and sends it on every state-changing request', async () => {
    const calls = serve((url) =>
      url.endsWith('/csrf') ? json(200, { csrf_token: 'tok-1' }) : new Response(null, { status: 204 }),
    )
    await api.post('/api/v1/auth/signout')
    await api.patch('/api/v1/auth/me', { day_start_hour: 4 })
    await api.delete('/api/v1/things/1')
    expect(calls.map((c) => c.url)).toEqual([
      '/api/v1/auth/csrf',
      '/api/v1/auth/signout',
      '/api/v1/auth/me',
      '/api/v1/things/1',
    ])
    for (const call of calls.slice(1)) expect(header(call.init, 'X-CSRF-Token')).toBe('tok-1')
    expect(calls[2]?.init.body).toBe('{"day_start_hour":4}')
    expect(header(calls[2]!.init, 'Content-Type')).toBe('application/json')
  })

  it('refetches the token and retries once when the server says csrf_failed', async () => {
    let tokens = 0
    let posts = 0
    const calls = serve((url, init) => {
      if (url.endsWith('/csrf')) return json(200, { csrf_token: `tok-${++tokens}` })
      posts += 1
      return header(init, 'X-CSRF-Token') === 'tok-2'
        ? json(200, { ok: true })
        : json(403, { error: 'csrf_failed', message: 'This page is out of date.' })
    })
    await expect(api.post('/api/v1/x', {})).resolves.toEqual({ ok: true })
    expect(posts).toBe(2)
    expect(calls.filter((c) => c.url.endsWith('/csrf'))).toHaveLength(2)
  })

  it('gives up after one retry when the token is still refused', async () => {
    let posts = 0
    serve((url) => {
      if (url.endsWith('/csrf')) return json(200, { csrf_token: 'tok' })
      posts += 1
      return json(403, { error: 'csrf_failed', message: 'Out of date.' })
    })
    await expect(api.post('/api/v1/x')).rejects.toMatchObject({ status: 403, code: 'csrf_failed' })
    expect(posts).toBe(2)
  })

  it('throws an ApiError carrying the status, code, message and field errors', async () => {
    serve((url) =>
      url.endsWith('/csrf')
        ? json(200, { csrf_token: 't' })
        : json(400, {
            error: 'validation_failed',
            message: 'Some fields need attention.',
            fields: { email: ['Not a valid email address.'], password: ['Too short.'] },
          }),
    )
    const error = await api.post('/api/v1/auth/signup', {}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: 'Some fields need attention.',
      fields: { email: ['Not a valid email address.'], password: ['Too short.'] },
    })
  })

  it('reports 401 as an ApiError the app can turn into the sign-in screen', async () => {
    serve(() => json(401, { error: 'unauthorized', message: 'Please sign in.' }))
    await expect(api.get('/api/v1/auth/me')).rejects.toMatchObject({ status: 401, code: 'unauthorized', fields: {} })
  })

  it('reads Retry-After on 429', async () => {
    serve((url) =>
      url.endsWith('/csrf')
        ? json(200, { csrf_token: 't' })
        : json(429, { error: 'too_many_attempts', message: 'Slow down.' }, { 'Retry-After': '60' }),
    )
    await expect(api.post('/api/v1/auth/signin', {})).rejects.toMatchObject({
      status: 429,
      code: 'too_many_attempts',
      retryAfter: 60,
    })
  })

  it('reads Retry-After on 503, in seconds or as an HTTP date', async () => {
    serve(() => json(503, { error: 'try_again', message: 'Busy.' }, { 'Retry-After': '2' }))
    await expect(api.get('/api/v1/reminders')).rejects.toMatchObject({ status: 503, code: 'try_again', retryAfter: 2 })
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString()
    serve(() => json(503, { error: 'try_again', message: 'Busy.' }, { 'Retry-After': inTenSeconds }))
    const error = (await api.get('/api/v1/reminders').catch((e: unknown) => e)) as ApiError
    expect(error.retryAfter).toBeGreaterThanOrEqual(9)
    expect(error.retryAfter).toBeLessThanOrEqual(10)
  })

  it('copes with an error page that is not JSON', async () => {
    serve(() => new Response('<h1>Bad gateway</h1>', { status: 502 }))
    await expect(api.get('/api/v1/auth/me')).rejects.toMatchObject({ status: 502, code: 'http_error' })
  })

  it('turns a network failure into an OfflineError, not an ApiError', async () => {
    serve(() => Promise.reject(new TypeError('Failed to fetch')))
    const error = await api.get('/api/v1/auth/me').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OfflineError)
    expect(error).not.toBeInstanceOf(ApiError)
  })

  it('does not keep a failed token fetch: the next request asks again', async () => {
    let online = false
    const calls = serve((url) => {
      if (!online) return Promise.reject(new TypeError('Failed to fetch'))
      return url.endsWith('/csrf') ? json(200, { csrf_token: 't' }) : json(200, { ok: true })
    })
    await expect(api.post('/api/v1/x')).rejects.toBeInstanceOf(OfflineError)
    online = true
    await expect(api.post('/api/v1/x')).resolves.toEqual({ ok: true })
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/auth/csrf', '/api/v1/auth/csrf', '/api/v1/x'])
  })
})
