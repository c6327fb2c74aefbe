// The time zone a person's days are counted in, taken from the browser and shown plainly;
// changing it is tucked behind a disclosure because the guess is almost always right.

import { useMemo } from 'preact/hooks'
import { friendlyZone } from '../lib/zones'

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

function timeZones(current: string): { zone: string; label: string }[] {
  let zones: string[] = []
  try {
    zones = Intl.supportedValuesOf('timeZone')
  } catch {
    // an older browser: offer the current zone and UTC
  }
  return [...new Set([current, 'UTC', ...zones])].sort().map((zone) => ({ zone, label: friendlyZone(zone) }))
}

interface TimeZoneFieldProps {
  value: string
  onChange: (zone: string) => void
  errors?: readonly string[] | undefined
}

export function TimeZoneField({ value, onChange, errors }: TimeZoneFieldProps) {
  const zones = useMemo(() => timeZones(value), [value])
  const invalid = errors !== undefined && errors.length > 0
  return (
    <div class="field">
      <p id="time-zone-note" class="field__note">
        Your time zone: <strong>{friendlyZone(value)}</strong>
      </p>
      <details class="disclosure" open={invalid}>
        <summary>Change time zone</summary>
        <label for="time_zone">Time zone</label>
        <select
          id="time_zone"
          name="time_zone"
          value={value}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? 'time_zone-error' : undefined}
          onChange={(event) => onChange(event.currentTarget.value)}
        >
          {zones.map(({ zone, label }) => (
            <option key={zone} value={zone}>
              {label}
            </option>
          ))}
        </select>
      </details>
      {invalid && (
        <p id="time_zone-error" class="field__error">
          {errors.join(' ')}
        </p>
      )}
    </div>
  )
}
