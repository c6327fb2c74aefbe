import { describe, expect, it } from 'vitest'
import { CAPTURE_PATH, clickTarget, LOG_ACTION, notificationOptions } from './notification'
import { readPushPayload } from './payload'
import { applicationServerKey } from './wire'

describe('a shown notification', () => {
  const options = notificationOptions(readPushPayload({ title: 'Small Wins', body: 'Hi', url: '/recap', tag: 'evening_recap' }))

  it('is tagged so a repeat replaces it, and carries its deep link', () => {
    expect(options).toMatchObject({ body: 'Hi', tag: 'evening_recap', data: { url: '/recap' } })
  })

  it('offers "Log a win"', () => expect(options.actions).toEqual([{ action: LOG_ACTION, title: 'Log a win' }]))
})

describe('where a click goes', () => {
  it('the body: the deep link', () => expect(clickTarget('', { url: '/recap' })).toBe('/recap'))
  it('"Log a win": the capture box', () => expect(clickTarget(LOG_ACTION, { url: '/recap' })).toBe(CAPTURE_PATH))
  it('another origin: Today', () => expect(clickTarget('', { url: 'https://evil.example/' })).toBe('/today'))
  it('no data: Today', () => expect(clickTarget('', null)).toBe('/today'))
})

describe('the application server key', () => {
  it('decodes base64url without padding', () => {
    expect([...applicationServerKey('AQID_-8')]).toEqual([1, 2, 3, 255, 239])
  })
})
