import { describe, expect, it } from 'vitest'
import {
  activeDaysLine,
  barHeights,
  comparisonLine,
  energyWords,
  energyY,
  timeOfDayRows,
  weekDayLabels,
} from './data'

describe('chart data', () => {
  it('scales bars to the tallest, leaves empty days empty and keeps small days visible', () => {
    expect(barHeights([0, 1, 4, 2, 0, 0, 0], 40)).toEqual([0, 10, 40, 20, 0, 0, 0])
    expect(barHeights([1, 100], 40)[0]).toBe(2)
    expect(barHeights([0, 0], 40)).toEqual([0, 0])
  })

  it('places energy 5 at the top and 1 at the bottom, inside the padding', () => {
    expect(energyY(5, 60, 8)).toBe(8)
    expect(energyY(1, 60, 8)).toBe(52)
    expect(energyY(9, 60, 8)).toBe(8)
    expect(energyWords(3.456)).toBe('3.5 of 5')
    expect(energyWords(null)).toBe('not noted')
  })

  it('counts days with a win and never days missed', () => {
    expect(activeDaysLine(4)).toBe('4 days with a win')
    expect(activeDaysLine(1)).toBe('1 day with a win')
    expect(activeDaysLine(7)).toBe('A win every day this week')
    expect(activeDaysLine(0)).not.toMatch(/miss|0/)
    for (let n = 0; n <= 7; n++) expect(activeDaysLine(n)).not.toMatch(/miss/i)
  })

  it('compares only with the person’s usual and says nothing without history', () => {
    expect(comparisonLine('a_little_more')).toBe('A little more than your usual.')
    expect(comparisonLine('no_history')).toBe('')
    expect(comparisonLine('less')).toMatch(/your usual/)
  })

  it('lists the four parts of the day in order, zero when absent', () => {
    expect(timeOfDayRows({ evening: 3, morning: 1 }).map((r) => [r.key, r.count])).toEqual([
      ['morning', 1],
      ['afternoon', 0],
      ['evening', 3],
      ['night', 0],
    ])
  })

  it('labels the days of the week with their dates', () => {
    const labels = weekDayLabels('2026-11-30')
    expect(labels[0]).toEqual({ day: '2026-11-30', short: 'Mon 30', name: 'Monday' })
    expect(labels[6]?.short).toBe('Sun 6')
  })
})
