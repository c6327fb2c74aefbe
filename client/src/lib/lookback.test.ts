import { describe, expect, it } from 'vitest'
import { mayComeBack, monthsBefore, onThisDayDays, pickResurfaced, type PastWin } from './lookback'

const win = (id: string, day: string, starred = false, resurface = true): PastWin => ({ id, day, starred, resurface })

describe('on this day', () => {
  it('is a week, a month and a year ago, across a year boundary', () => {
    expect(onThisDayDays('2026-01-03')).toEqual([
      { ago: 'week', day: '2025-12-27' },
      { ago: 'month', day: '2025-12-03' },
      { ago: 'year', day: '2025-01-03' },
    ])
  })

  it('clamps to the end of a shorter month instead of rolling over', () => {
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28')
    expect(monthsBefore('2028-03-31', 1)).toBe('2028-02-29')
    expect(monthsBefore('2029-02-28', 12)).toBe('2028-02-28')
    expect(monthsBefore('2028-02-29', 12)).toBe('2027-02-28')
  })
})

describe('which wins may come back', () => {
  it('follows the preference and the win’s own "don’t show this again"', () => {
    expect(mayComeBack(win('a', '2025-01-01'), 'all')).toBe(true)
    expect(mayComeBack(win('a', '2025-01-01'), 'starred')).toBe(false)
    expect(mayComeBack(win('a', '2025-01-01', true), 'starred')).toBe(true)
    expect(mayComeBack(win('a', '2025-01-01', true), 'off')).toBe(false)
    expect(mayComeBack(win('a', '2025-01-01', true, false), 'all')).toBe(false)
  })
})

describe('the resurfaced win', () => {
  const today = '2026-11-27'
  const past = [win('a', '2026-01-10'), win('b', '2025-06-02'), win('c', '2026-09-30'), win('d', '2024-12-31')]

  it('is the same all day and may change the next day', () => {
    const first = pickResurfaced(past, today, 'all')
    expect(first).not.toBeNull()
    expect(pickResurfaced([...past].reverse(), today, 'all')).toBe(first)
    const picks = new Set(['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'].map((d) => pickResurfaced(past, d, 'all')?.id))
    expect(picks.size).toBeGreaterThan(1)
  })

  it('is a starred one while any starred win may come back', () => {
    const withStar = [...past, win('s', '2025-03-03', true)]
    for (const day of ['2026-11-27', '2026-11-28', '2027-01-01']) expect(pickResurfaced(withStar, day, 'all')?.id).toBe('s')
  })

  it('is never today’s, this week’s, a dismissed one or one already on screen', () => {
    const recent = [win('today', today, true), win('yesterday', '2026-11-26', true), win('week', '2026-11-20', true)]
    expect(pickResurfaced(recent, today, 'all')).toBeNull()
    expect(pickResurfaced([win('x', '2025-01-01', true, false)], today, 'all')).toBeNull()
    expect(pickResurfaced([win('y', '2025-01-01')], today, 'all', new Set(['y']))).toBeNull()
    expect(pickResurfaced([win('z', '2026-11-19')], today, 'all')?.id).toBe('z')
  })

  it('only starred ones with "starred", none with "off"', () => {
    expect(pickResurfaced(past, today, 'starred')).toBeNull()
    expect(pickResurfaced([...past, win('s', '2025-03-03', true)], today, 'starred')?.id).toBe('s')
    expect(pickResurfaced([...past, win('s', '2025-03-03', true)], today, 'off')).toBeNull()
  })
})
