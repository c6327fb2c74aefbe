import { describe, expect, it } from 'vitest'
import type { RecordRow } from '../db/types'
import { toSummary } from './summaries'

function row(values: Record<string, unknown>): RecordRow {
  return { collection: 'summaries', id: 'x', values: values as RecordRow['values'], base: null, seq: 1, hlc: '', pending: false, problem: null }
}

describe('a summary as the review reads it', () => {
  it('reads what the server stores', () => {
    const summary = toSummary(
      row({
        week: '2026-W47',
        week_start: '2026-11-16',
        data: {
          week: '2026-W47',
          start: '2026-11-16',
          wins: 3,
          active_days: 2,
          per_day: [2, 1, 0, 0, 0, 0, 0],
          per_tag: [['walk', 2]],
          per_goal: [],
          per_value: [],
          energy_by_day: [4, null, null, null, null, null, null],
          time_of_day: { morning: 2, afternoon: 1, evening: 0, night: 0 },
          highlights: [{ id: 'w1', text: 'Said no' }],
          themes: [{ key: 'said no', label: 'said no', kind: 'steady', wins: 2, days: 2, score: 1, win_ids: ['w1', 'w2'] }],
          longest_run: 2,
          compared: { usual_wins: 2, usual_active_days: 2, trend: 'a_little_more' },
        },
      }),
    )
    expect(summary).toMatchObject({
      wins: 3,
      perDay: [2, 1, 0, 0, 0, 0, 0],
      perTag: [['walk', 2]],
      energyByDay: [4, null, null, null, null, null, null],
      highlights: [{ id: 'w1', text: 'Said no' }],
      themes: [{ label: 'said no', kind: 'steady', winIds: ['w1', 'w2'] }],
      trend: 'a_little_more',
    })
  })

  it('shows what it can of an odd or partial summary and nothing of an empty one', () => {
    const summary = toSummary(row({ week: '2026-W47', week_start: '2026-11-16', data: { wins: 1, per_day: [1], compared: { trend: 'sideways' } } }))
    expect(summary?.perDay).toEqual([1, 0, 0, 0, 0, 0, 0])
    expect(summary?.energyByDay).toEqual([null, null, null, null, null, null, null])
    expect(summary?.trend).toBe('no_history')
    expect(summary?.start).toBe('2026-11-16')
    expect(toSummary(row({ week: '2026-W47', data: {} }))).toBeNull()
  })
})
