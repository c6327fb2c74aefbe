// One reminder: an on/off switch, a time and the days it comes on. Every change is a local
// write through sync (so it works offline and reaches the person's other devices); the next
// arrival time comes from the server once the change has reached it.

import { useEffect, useState } from 'preact/hooks'
import { mutate } from '../sync/store'
import type { RecordRow } from '../db/types'
import {
  fieldsFor,
  isLocalTime,
  KIND_INFO,
  REMINDERS,
  settingsFrom,
  toggleDay,
  WEEKDAY_NAMES,
  type ReminderChange,
  type ReminderKind,
  type ServerReminder,
} from '../collections/reminders'

interface RowProps {
  kind: ReminderKind
  /** null until the device has computed it: the row shows its defaults, not yet editable. */
  id: string | null
  row: RecordRow | undefined
  /** The server's view of this reminder, or null while it can't be asked (offline). */
  server: ServerReminder | null
  /** Formats the next arrival, e.g. "today at 21:00". */
  when: (iso: string) => string
  paused: boolean
  /** Whether this device gets reminders (null while checking): "Next: …" only when it does. */
  subscribed: boolean | null
}

export function ReminderRow({ kind, id, row, server, when, paused, subscribed }: RowProps) {
  const info = KIND_INFO[kind]
  // What was just changed shows at once; the live row takes over once the local write lands,
  // so a controlled switch never flicks back to its old state in between.
  const [pending, setPending] = useState<ReminderChange>({})
  useEffect(() => setPending({}), [row])
  const settings = { ...settingsFrom(kind, row), ...pending }
  const edit = (change: ReminderChange) => {
    if (id === null) return
    setPending((earlier) => ({ ...earlier, ...change }))
    void mutate(REMINDERS, id, fieldsFor(settings, change, row?.base != null)).catch((error: unknown) => {
      setPending({})
      console.error('A reminder change did not save', error)
    })
  }
  const base = `reminder-${kind}`

  return (
    <li class="reminder">
      <div class="reminder__head">
        <input
          type="checkbox"
          role="switch"
          id={base}
          class="switch"
          checked={settings.enabled}
          aria-describedby={`${base}-about ${base}-next`}
          onChange={(event) => edit({ enabled: event.currentTarget.checked })}
        />
        <label for={base} class="reminder__label">
          {info.label}
        </label>
      </div>
      <p id={`${base}-about`} class="field__hint">
        {info.description}
      </p>
      <div class="reminder__when">
        <label for={`${base}-time`}>
          Time<span class="visually-hidden"> for {info.label}</span>
        </label>
        <input
          type="time"
          id={`${base}-time`}
          value={settings.localTime}
          required
          onChange={(event) => {
            const value = event.currentTarget.value
            if (isLocalTime(value) && value !== settings.localTime) edit({ localTime: value })
          }}
        />
      </div>
      <div class="weekdays" role="group" aria-label={`Days for ${info.label}`}>
        {/* Each chip's accessible name is its visible label ("Mon"), as voice control expects. */}
        {WEEKDAY_NAMES.map((name, day) => (
          <button
            key={name}
            type="button"
            class="weekday"
            aria-pressed={settings.weekdays.includes(day)}
            onClick={() => edit({ weekdays: toggleDay(settings.weekdays, day) })}
          >
            {name.slice(0, 3)}
          </button>
        ))}
      </div>
      <p id={`${base}-next`} class="reminder__next">
        {nextText(settings, row, server, when, paused, subscribed)}
      </p>
    </li>
  )
}

function nextText(
  settings: ReturnType<typeof settingsFrom>,
  row: RecordRow | undefined,
  server: ServerReminder | null,
  when: (iso: string) => string,
  paused: boolean,
  subscribed: boolean | null,
): string {
  if (!settings.enabled) return 'Off.'
  if (settings.weekdays.length === 0) return 'No days picked, so this one stays quiet.'
  // Not on this device: a "Next: today at 21:00" here would promise a nudge that won't come.
  if (subscribed === false) return `Set for ${settings.localTime}. Turn on reminders above to get it on this device.`
  // Until the server has this exact version, its next time would be for the old settings.
  const current =
    server !== null &&
    !(row?.pending ?? false) &&
    server.enabled === settings.enabled &&
    server.local_time === settings.localTime &&
    server.weekdays.join() === settings.weekdays.join()
  if (!current) return 'Saved. The next time shows once it has synced.'
  if (server.next_fire_at === null) return paused ? 'Paused for now.' : ''
  return `Next: ${when(server.next_fire_at)}${paused ? ' (after the pause)' : ''}.`
}
