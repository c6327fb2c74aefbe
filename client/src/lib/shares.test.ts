import { describe, expect, it } from 'vitest'
import { describeShare, shareRequest } from './shares'

describe('shareRequest', () => {
  it('names exactly the one thing shared', () => {
    expect(shareRequest({ kind: 'win', winId: 'w1' }, ' my coach ', 7, true)).toEqual({
      kind: 'win',
      win_id: 'w1',
      recipient: 'my coach',
      expires_in_days: 7,
    })
    expect(shareRequest({ kind: 'week', week: '2026-W47' }, 'Sam', null, false)).toEqual({
      kind: 'week',
      week: '2026-W47',
      recipient: 'Sam',
      with_reflection: false,
    })
  })
})

describe('describeShare', () => {
  it('says what a share shows', () => {
    const base = { id: 'x', recipient: 'Sam', created_at: '', expires_at: null, with_reflection: false }
    expect(describeShare({ ...base, kind: 'day', target: '2026-11-23' })).toBe('The wins of 2026-11-23')
    expect(describeShare({ ...base, kind: 'week', target: '2026-W47', with_reflection: true })).toContain('reflection')
  })
})
