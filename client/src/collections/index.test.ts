import { describe, expect, it } from 'vitest'
import { withIndexKeys } from '../db/compose'
import contract from './contract.json'
import { COLLECTIONS, INDEX_KEYS } from './index'
import { ENERGY_LEVELS, MAX_TEXT } from './wins'

describe('the collections this client syncs', () => {
  it('are exactly the ones in contract.json, which the server checks', () => {
    expect(COLLECTIONS.map((c) => c.name).sort()).toEqual(Object.keys(contract).sort())
  })

  it('take their limits from the contract', () => {
    expect(MAX_TEXT).toBe(contract.wins.max_text)
    expect(ENERGY_LEVELS).toEqual([1, 2, 3, 4, 5])
  })

  it('name the fields behind the generic day and time indexes', () => {
    const values = { local_day: '2026-11-23', happened_at: '2026-11-23T10:00:00+00:00' }
    const row = { collection: 'wins', id: 'x', values, base: null, seq: 0, hlc: '', pending: true, problem: null }
    const win = withIndexKeys(row, INDEX_KEYS['wins'])
    expect(win.day).toBe('2026-11-23')
    expect(win.at).toBe(Date.parse('2026-11-23T10:00:00Z'))
    const intention = withIndexKeys({ ...row, collection: 'intentions' }, INDEX_KEYS['intentions'])
    expect(intention.day).toBe('2026-11-23')
    expect(intention.at).toBeUndefined()
    const other = withIndexKeys({ ...row, collection: 'reminders' }, INDEX_KEYS['reminders'])
    expect(other.day).toBeUndefined()
  })
})
