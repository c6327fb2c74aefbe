import { describe, expect, it } from 'vitest'
import { DEFAULT_PUSH, isNavigateMessage, readPushPayload, safePath } from './payload'

describe('push payloads', () => {
  it('reads title, body, url and tag from the JSON the server sends', () => {
    const payload = readPushPayload({ title: 'Your week', body: 'Three wins.', url: '/recap', tag: 'weekly' })
    expect(payload).toEqual({ title: 'Your week', body: 'Three wins.', url: '/recap', tag: 'weekly' })
  })

  it.each([null, undefined, 'text', 42, []])('still shows something for %j', (data) => {
    expect(readPushPayload(data).title).toBe(DEFAULT_PUSH.title)
  })

  it('fills what is missing or blank with gentle defaults', () => {
    expect(readPushPayload({ body: 'Hello', title: '  ' })).toEqual({ ...DEFAULT_PUSH, body: 'Hello' })
  })

  it.each(['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', ''])(
    'keeps the deep link %j inside the app',
    (url) => expect(safePath(url)).toBe(DEFAULT_PUSH.url),
  )

  it('passes a same-origin path with a query through', () => {
    expect(safePath('/recap?week=2026-W47')).toBe('/recap?week=2026-W47')
  })

  it('recognises the navigate message the worker posts on a click', () => {
    expect(isNavigateMessage({ type: 'NAVIGATE', url: '/recap' })).toBe(true)
    expect(isNavigateMessage({ type: 'SKIP_WAITING' })).toBe(false)
    expect(isNavigateMessage(null)).toBe(false)
  })
})
