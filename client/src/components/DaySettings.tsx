// Time zone and "my day starts at": the server applies both at once (reminders move to the new
// wall clock, days are counted from them), so they are saved through PATCH /auth/me and need a
// connection. They are not queued offline: a change saved later from a stale screen could
// silently undo a newer one made on another device, and reminders would fire on the old clock
// meanwhile. Offline, the screen says so and keeps the person's choice in the form.

import { useState } from 'preact/hooks'
import { OfflineError } from '../api'
import { updateSettings, type User } from '../session'
import { useOnline } from '../sync/live'
import { describeFailure, type Failure } from '../lib/failure'
import { useSubmit } from '../lib/useSubmit'
import { describeZone } from '../lib/zones'
import { FormAlert } from './Field'
import { TimeZonePicker } from './TimeZonePicker'

const HOURS = Array.from({ length: 13 }, (_, hour) => hour)
export const NEEDS_CONNECTION =
  'Time zone and day start are kept on the server, so changing them needs a connection. Your days carry on as they are until then.'

function hourLabel(hour: number): string {
  if (hour === 0) return 'Midnight (00:00)'
  if (hour === 12) return 'Noon (12:00)'
  return `${String(hour).padStart(2, '0')}:00`
}

function describeDayFailure(error: unknown): Failure {
  if (error instanceof OfflineError) return { message: NEEDS_CONNECTION, fields: {} }
  return describeFailure(error)
}

export function DaySettings({ user, onSaved }: { user: User; onSaved: (user: User) => void }) {
  const online = useOnline()
  const [zone, setZone] = useState(user.time_zone)
  const [dayStart, setDayStart] = useState(user.day_start_hour)
  const { busy, failure, done, submit } = useSubmit({
    send: async () => {
      onSaved(await updateSettings({ time_zone: zone, day_start_hour: dayStart }))
      return `Saved. Your days now follow ${describeZone(zone).label}, starting at ${hourLabel(dayStart)}.`
    },
    describe: describeDayFailure,
  })

  return (
    <section class="card" aria-labelledby="days-heading">
      <h2 id="days-heading">Your days</h2>
      {!online && <p class="notice">{NEEDS_CONNECTION}</p>}
      <form class="form" noValidate onSubmit={(event) => void submit(event)} aria-busy={busy}>
        <FormAlert message={failure?.message ?? null} />
        <TimeZonePicker value={zone} onChange={setZone} errors={failure?.fields['time_zone']} />
        <div class="field">
          <label for="day_start_hour">My day starts at</label>
          <select
            id="day_start_hour"
            value={String(dayStart)}
            aria-describedby="day_start_hour-hint"
            onChange={(event) => setDayStart(Number(event.currentTarget.value))}
          >
            {HOURS.map((hour) => (
              <option key={hour} value={String(hour)}>
                {hourLabel(hour)}
              </option>
            ))}
          </select>
          <p id="day_start_hour-hint" class="field__hint">
            For night owls: with 04:00, a win at 00:40 still belongs to the evening before.
          </p>
        </div>
        <button type="submit" class="button button--primary" aria-busy={busy}>
          Save time zone and day start
        </button>
        <p role="status" class="field__note">
          {done}
        </p>
      </form>
    </section>
  )
}
