import { describe, expect, it } from 'vitest'
import type { RecordRow } from '../db/types'
import { fieldsFor, KIND_INFO, settingsFrom, toggleDay } from './reminders'

function row(values: RecordRow['values']): RecordRow {
  return { collection: 'reminders', id: 'x', values, base: values, seq: 1, hlc: '', pending: false, problem: null }
}

describe('a reminder on screen', () => {
  it('is the defaults before the server sent it', () => {
    expect(settingsFrom('evening_recap', undefined)).toEqual(KIND_INFO.evening_recap.defaults)
  })

  it('is the stored record once there is one', () => {
    const shown = settingsFrom('morning_intention', row({ enabled: true, local_time: '07:15', weekdays: [4, 0] }))
    expect(shown).toEqual({ kind: 'morning_intention', enabled: true, localTime: '07:15', weekdays: [0, 4] })
  })

  it('falls back to the default for a field in an odd shape', () => {
    expect(settingsFrom('weekly_review', row({ local_time: '7pm' })).localTime).toBe('18:00')
  })
})

describe('the fields a change writes', () => {
  const current = KIND_INFO.morning_intention.defaults

  it('are only the changed ones for a record the server already has', () => {
    expect(fieldsFor(current, { localTime: '07:30' }, true)).toEqual({ local_time: '07:30' })
  })

  it('are all of them for a record this device never received', () => {
    expect(fieldsFor(current, { enabled: true }, false)).toEqual({
      kind: 'morning_intention',
      enabled: true,
      local_time: '08:00',
      weekdays: [0, 1, 2, 3, 4, 5, 6],
      deleted: false,
    })
  })
})

describe('toggling a day', () => {
  it('adds it in order, or takes it away', () => {
    expect(toggleDay([0, 4], 2)).toEqual([0, 2, 4])
    expect(toggleDay([0, 2, 4], 2)).toEqual([0, 4])
  })
})
