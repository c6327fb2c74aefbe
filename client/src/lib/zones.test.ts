import { describe, expect, it } from 'vitest'
import { friendlyZone } from './zones'

describe('friendly time zone names', () => {
  it('names the city and the zone', () => {
    expect(friendlyZone('Europe/Berlin', 'en')).toBe('Berlin (Central European Time)')
    expect(friendlyZone('America/New_York', 'en')).toBe('New York (Eastern Time)')
  })

  it('keeps an unknown zone as it is', () => expect(friendlyZone('Mars/Olympus', 'en')).toBe('Mars/Olympus'))
})
