import { describe, expect, it } from 'vitest'
import { countsText, recapLine, whenText } from './reminderText'

describe('when a reminder comes next', () => {
  const now = new Date('2026-11-23T10:00:00Z') // Monday, 11:00 in Berlin

  it('later today', () => expect(whenText('2026-11-23T20:00:00Z', 'Europe/Berlin', now)).toMatch(/^today at \S/))
  it('tomorrow', () => expect(whenText('2026-11-24T07:00:00Z', 'Europe/Berlin', now)).toMatch(/^tomorrow at \S/))
  it('later in the week, by name', () => expect(whenText('2026-11-29T17:00:00Z', 'Europe/Berlin', now)).toMatch(/Sunday.* at /))
})

describe('what the test notification did', () => {
  it('one device', () => expect(countsText({ delivered: 1, failed: 0, removed: 0 })).toBe('Sent! It should arrive in a moment.'))
  it('several devices', () => expect(countsText({ delivered: 3, failed: 0, removed: 0 })).toMatch(/^Sent to 3 devices/))
  it('nobody reached', () => expect(countsText({ delivered: 0, failed: 2, removed: 0 })).toMatch(/couldn’t reach/))
  it('no devices', () => expect(countsText({ delivered: 0, failed: 0, removed: 0 })).toMatch(/no device/))
  it('a dead device tidied away', () => expect(countsText({ delivered: 1, failed: 0, removed: 1 })).toMatch(/One device .* it away/))
})

describe('the recap line', () => {
  it.each([0, 1, 4])('is kind for %i wins', (count) => expect(recapLine(count)).not.toMatch(/only|should|failed/i))
})
