import { describe, expect, it } from 'vitest'
import { INTENTION_NAMESPACE } from '../collections/intentions'
import { reminderId } from '../collections/reminders'
import { uuid5 } from './uuid5'

// Expected values come from Python's uuid.uuid5, which the server uses (server/reminders/kinds.py).
describe('uuid5 matches Python', () => {
  it('for the RFC example namespace', async () => {
    expect(await uuid5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d')
  })

  it('for a reminder id, as the server computes it', async () => {
    expect(await reminderId('u-1', 'evening_recap')).toBe('fd81dff1-f5f8-573b-9303-68f854dea539')
  })

  it('for an intention id', async () => {
    expect(await uuid5(INTENTION_NAMESPACE, 'u-1:2026-11-23')).toBe('6f33159c-ed40-529c-8a27-8786802b9054')
  })

  it('refuses a namespace that is not a UUID', async () => {
    await expect(uuid5('nope', 'x')).rejects.toThrow()
  })
})
