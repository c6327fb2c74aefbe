import { describe, expect, it } from 'vitest'
import { canonicalPath, screenFor } from './router'

describe('which screen a path shows', () => {
  it.each(['/', '/today', '/signin', '/signup', '/no/such/page'])(
    'signed in, %s shows Today',
    (path) => expect(screenFor(path, true)).toBe('today'),
  )

  it.each(['/', '/today', '/signin', '/no/such/page'])('signed out, %s shows sign-in', (path) =>
    expect(screenFor(path, false)).toBe('signin'),
  )

  it('signed in, /history shows History', () => expect(screenFor('/history', true)).toBe('history'))

  it.each([
    ['/reminders', 'reminders'],
    ['/recap', 'recap'],
    ['/intention', 'intention'],
    ['/review', 'review'],
    ['/pause', 'pause'],
    ['/shares', 'shares'],
    ['/week', 'review'],
    ['/week/2026-W47', 'review'],
  ] as const)('signed in, %s (a notification deep link) shows %s', (path, screen) =>
    expect(screenFor(path, true)).toBe(screen),
  )

  it('signed out, /history shows sign-in', () => expect(screenFor('/history', false)).toBe('signin'))

  it('signed out, /signup shows sign-up', () => expect(screenFor('/signup', false)).toBe('signup'))

  it('signed in, /settings shows Settings', () => expect(screenFor('/settings', true)).toBe('settings'))

  it('signed out, /settings shows sign-in', () => expect(screenFor('/settings', false)).toBe('signin'))

  it.each([true, false])('a reset link shows the reset screen (signed in: %s)', (signedIn) =>
    expect(screenFor('/reset', signedIn)).toBe('reset'),
  )
  it.each(['/', '/today', '/history'])('signed out on a newcomer’s device, %s shows sign-up', (path) =>
    expect(screenFor(path, false, false)).toBe('signup'),
  )

  it('a newcomer can still open sign-in', () => expect(screenFor('/signin', false, false)).toBe('signin'))
  it('keeps the week in a weekly review’s address and moves /review to /week', () => {
    expect(canonicalPath('review', '/week/2026-W47')).toBe('/week/2026-W47')
    expect(canonicalPath('review', '/review')).toBe('/week')
    expect(canonicalPath('today', '/week/2026-W47')).toBe('/today')
    expect(screenFor('/week/2026-W47/extra', true)).toBe('today')
    expect(screenFor('/week/2026-W47', false)).toBe('signin')
  })
})
