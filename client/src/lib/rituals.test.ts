import { describe, expect, it } from 'vitest'
import { goodThingLines, hourIn, momentOf } from './rituals'

describe('the ritual of the moment', () => {
  it.each([
    [4, 'morning'],
    [11, 'morning'],
    [12, 'day'],
    [16, 'day'],
    [17, 'evening'],
    [23, 'evening'],
    [1, 'evening'],
  ] as const)('at %i:00 it is %s', (hour, moment) => expect(momentOf(hour)).toBe(moment))

  it('a night owl whose day starts at 6 is still in the evening at 5', () => expect(momentOf(5, 6)).toBe('evening'))

  it('reads the hour in the person’s zone', () => {
    const now = new Date('2026-06-10T19:30:00Z')
    expect(hourIn(now, 'Europe/Berlin')).toBe(21)
    expect(hourIn(now, 'America/New_York')).toBe(15)
  })
})

describe('three good things', () => {
  it('counts wins already logged and always leaves one line', () => {
    expect(goodThingLines(0)).toBe(3)
    expect(goodThingLines(2)).toBe(1)
    expect(goodThingLines(7)).toBe(1)
  })
})
