import { describe, expect, it } from 'vitest'
import { friendlyDay, localDay, previousDay } from './days'

describe("a person's local day", () => {
  it('is the local date after the day starts', () => {
    expect(localDay(new Date('2026-11-23T09:00:00Z'), 'Europe/Berlin')).toBe('2026-11-23')
  })

  it('belongs to the evening before until the day-start hour', () => {
    // 00:40 in Berlin (UTC+1) is 23:40 UTC the day before.
    expect(localDay(new Date('2026-11-22T23:40:00Z'), 'Europe/Berlin', 4)).toBe('2026-11-22')
    expect(localDay(new Date('2026-11-22T23:40:00Z'), 'Europe/Berlin', 0)).toBe('2026-11-23')
  })

  it('follows the zone, not the device', () => {
    expect(localDay(new Date('2026-11-23T10:00:00Z'), 'Pacific/Auckland')).toBe('2026-11-23')
    expect(localDay(new Date('2026-11-23T10:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-22') // 02:00
    expect(localDay(new Date('2026-11-23T13:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-23') // 05:00
    expect(localDay(new Date('2026-11-23T15:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-11-24') // 05:00
  })

  it('names today and yesterday kindly', () => {
    expect(friendlyDay('2026-11-23', '2026-11-23')).toBe('Today')
    expect(friendlyDay('2026-11-22', '2026-11-23')).toBe('Yesterday')
    expect(previousDay('2026-03-01')).toBe('2026-02-28')
  })
})
