// Pick a time zone by typing a city or region; offer this device's zone when it differs
// (a traveller who landed somewhere new fixes their days in one tap).

import { useMemo, useState } from 'preact/hooks'
import { allZones, describeZone, deviceZone, matchZones } from '../lib/zones'

interface Props {
  value: string
  onChange: (zone: string) => void
  errors?: readonly string[] | undefined
}

export function TimeZonePicker({ value, onChange, errors }: Props) {
  const device = useMemo(deviceZone, [])
  const zones = useMemo(() => allZones([value, device]), [value, device])
  const [query, setQuery] = useState('')
  const shown = useMemo(() => {
    const found = matchZones(zones, query)
    // The chosen zone stays listed, so the list never hides what is selected.
    return found.some((z) => z.id === value) ? found : [describeZone(value), ...found]
  }, [zones, query, value])
  const invalid = errors !== undefined && errors.length > 0

  return (
    <div class="field zone-picker">
      <label for="zone-search">Find your time zone</label>
      <input
        id="zone-search"
        type="search"
        value={query}
        autoComplete="off"
        aria-describedby="zone-search-hint"
        onInput={(event) => setQuery(event.currentTarget.value)}
      />
      <p id="zone-search-hint" class="field__hint">
        Type a city or region, like Lisbon or Pacific. {shown.length === 1 ? '1 match' : `${shown.length} matches`}.
      </p>
      <label for="time_zone">Time zone</label>
      <select
        id="time_zone"
        size={5}
        value={value}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={invalid ? 'time_zone-error' : undefined}
        onChange={(event) => onChange(event.currentTarget.value)}
      >
        {shown.map((zone) => (
          <option key={zone.id} value={zone.id}>
            {zone.label}
          </option>
        ))}
      </select>
      {invalid && (
        <p id="time_zone-error" class="field__error">
          {errors.join(' ')}
        </p>
      )}
      {device !== value && (
        <button type="button" class="button button--quiet" onClick={() => onChange(device)}>
          Use this device’s zone: {describeZone(device).label}
        </button>
      )}
    </div>
  )
}
