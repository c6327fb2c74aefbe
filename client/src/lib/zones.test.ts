import { describe, expect, it } from 'vitest'
import { allZones, describeZone, matchZones } from './zones'

describe('time zones', () => {
  it('read as a city, its spoken name and its region', () => {
    const lisbon = describeZone('Europe/Lisbon')
    expect(lisbon.label).toMatch(/^Lisbon · .+ \(Europe\)$/)
    expect(describeZone('America/Argentina/Buenos_Aires').label).toMatch(/^Buenos Aires .*\(America · Argentina\)$/)
  })

  it('are found by city, region or spoken name, whatever the case', () => {
    const zones = allZones()
    expect(matchZones(zones, 'lisbon').map((z) => z.id)).toContain('Europe/Lisbon')
    expect(matchZones(zones, 'BUENOS aires').some((z) => z.id.endsWith('Buenos_Aires'))).toBe(true)
    expect(matchZones(zones, 'new_york').map((z) => z.id)).toContain('America/New_York')
    expect(matchZones(zones, 'no such place at all')).toEqual([])
    expect(matchZones(zones, '  ')).toHaveLength(zones.length)
  })

  it('always include the zones asked for, even unknown to this browser', () => {
    expect(allZones(['Etc/GMT+5']).map((z) => z.id)).toContain('Etc/GMT+5')
  })
})
