import { describe, expect, it } from 'vitest'
import { isWeek, mondayOf, shiftWeek, weekOf, weekRange, weekStart } from './weeks'

describe('ISO weeks', () => {
  it('names the week of a day, Monday to Sunday', () => {
    expect(weekOf('2026-11-16')).toBe('2026-W47') // Monday
    expect(weekOf('2026-11-22')).toBe('2026-W47') // Sunday
    expect(weekOf('2026-11-23')).toBe('2026-W48')
  })

  it('uses the ISO year at the turn of the year', () => {
    expect(weekOf('2027-01-01')).toBe('2026-W53') // 2026 has 53 ISO weeks
    expect(weekOf('2024-12-30')).toBe('2025-W01')
  })

  it('finds the Monday of a week name and refuses what is not one', () => {
    expect(weekStart('2026-W47')).toBe('2026-11-16')
    expect(weekStart('2025-W01')).toBe('2024-12-30')
    expect(weekStart('2025-W53')).toBeNull() // 2025 has 52
    expect(isWeek('2026-W00')).toBe(false)
    expect(isWeek('nope')).toBe(false)
    expect(mondayOf('2026-11-19')).toBe('2026-11-16')
  })

  it('steps across years', () => {
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01')
    expect(shiftWeek('2027-W01', -1)).toBe('2026-W53')
  })

  it('says the range in words', () => {
    expect(weekRange('2026-W47')).toBe('16 – 22 Nov 2026')
    expect(weekRange('2026-W49')).toBe('30 Nov – 6 Dec 2026')
  })
})
