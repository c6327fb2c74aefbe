import { describe, expect, it } from 'vitest'
import { mondayOf, WEEKS, yearGrid } from './YearHeatmapData'

describe('the year heatmap data', () => {
  it('covers 53 Monday-first weeks ending with today’s week, across calendar years', () => {
    const grid = yearGrid('2026-01-07', new Map()) // a Wednesday
    expect(grid.weeks).toHaveLength(WEEKS)
    expect(grid.first).toBe('2025-01-06') // a Monday, 52 weeks before today's Monday
    expect(grid.weeks[0]![0]!.day).toBe('2025-01-06')
    const last = grid.weeks[WEEKS - 1]!
    expect(last.map((c) => c?.day ?? null)).toEqual(['2026-01-05', '2026-01-06', '2026-01-07', null, null, null, null])
    expect(grid.months.map((m) => m.month)).toEqual([
      '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07',
      '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01',
    ])
  })

  it('counts days with a win per month on both sides of New Year, and shades by count', () => {
    const wins = new Map([
      ['2025-12-30', 1],
      ['2025-12-31', 4],
      ['2026-01-01', 2],
      ['2024-12-31', 9], // before the grid: not counted
      ['2026-01-08', 1], // after today: not counted
    ])
    const grid = yearGrid('2026-01-07', wins)
    expect(grid.daysWithWin).toBe(3)
    expect(grid.months.find((m) => m.month === '2025-12')!.daysWithWin).toBe(2)
    expect(grid.months.find((m) => m.month === '2026-01')!.daysWithWin).toBe(1)
    const cells = grid.weeks.flat().filter((c) => c !== null)
    expect(cells.find((c) => c.day === '2025-12-31')!.level).toBe(3)
    expect(cells.find((c) => c.day === '2026-01-01')!.level).toBe(2)
    expect(cells.find((c) => c.day === '2025-12-30')!.level).toBe(1)
    expect(cells.find((c) => c.day === '2025-12-29')!.level).toBe(0)
  })

  it('finds the Monday of a Sunday in the week before', () => {
    expect(mondayOf('2026-01-04')).toBe('2025-12-29')
    expect(mondayOf('2025-12-29')).toBe('2025-12-29')
  })
})
