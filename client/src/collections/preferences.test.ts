import { describe, expect, it } from 'vitest'
import contract from './contract.json'
import { DEFAULT_RESURFACING, preferencesId, RESURFACING, resurfacingFields } from './preferences'

describe('preferences', () => {
  it('have one id per person, as the server computes it (Python uuid.uuid5)', async () => {
    expect(await preferencesId('0b7c9e1e-4f3a-4c1d-9a55-1c2e3d4f5a6b')).toBe('1b5e20d3-6482-5eb7-a58f-f6ef9388aa6b')
  })

  it('take their choices and default from the contract', () => {
    expect(RESURFACING).toEqual(['all', 'starred', 'off'])
    expect(DEFAULT_RESURFACING).toBe(contract.preferences.default_resurfacing)
  })

  it('write every field, so a first write creates the record', () => {
    expect(resurfacingFields('starred')).toEqual({ resurfacing: 'starred', deleted: false })
  })
})
