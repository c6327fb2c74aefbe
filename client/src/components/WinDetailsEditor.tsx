// Every field of a saved win beyond its text and star (edited in place on WinItem): tags,
// energy, note, goal, values and the day. Only changed fields are written, so an edit made
// on another device to a field left alone here is kept (per-field last-writer-wins).
//
// The day: a win remembered the next morning can go on yesterday. Offered are today and the
// past week (and the win's own day), never a day ahead. happened_at moves by whole days with
// it, because the server takes the two together and checks they agree.

import { useState } from 'preact/hooks'
import { cachedUser } from '../session'
import { mutate, useRecords } from '../sync/store'
import { friendlyDay, localDay, previousDay } from '../lib/days'
import { ValuePicker } from './ValuePicker'
import { allGoals } from '../collections/goals'
import { ENERGY_LEVELS, MAX_NOTE, parseTags, WINS, type Win } from '../collections/wins'
import type { FieldValue } from '../db/types'

export const PAST_DAYS = 7

/** Today and the PAST_DAYS days before it, newest first, plus `current` if older. */
export function dayChoices(today: string, current: string): string[] {
  const days = [today]
  while (days.length <= PAST_DAYS) days.push(previousDay(days[days.length - 1] ?? today))
  if (current < today && !days.includes(current)) days.push(current)
  return days
}

/** The win's moment moved by whole days from `from` to `to` (both "YYYY-MM-DD"). */
export function shiftMoment(iso: string, from: string, to: string): string {
  const delta = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)
  return new Date(Date.parse(iso) + delta).toISOString()
}

interface EditorProps {
  win: Win
  timeZone: string
  onDone: () => void
}

export function WinDetailsEditor({ win, timeZone, onDone }: EditorProps) {
  const [tags, setTags] = useState(win.tags.join(', '))
  const [energy, setEnergy] = useState(win.energy)
  const [note, setNote] = useState(win.note ?? '')
  const [goalId, setGoalId] = useState(win.goalId ?? '')
  const [valueIds, setValueIds] = useState<readonly string[]>(win.valueIds)
  const [day, setDay] = useState(win.day)
  const goals = useRecords(allGoals, [], [])
  const today = localDay(new Date(), timeZone, cachedUser()?.day_start_hour ?? 4)
  const prefix = `edit-${win.id}`

  async function save(event: SubmitEvent) {
    event.preventDefault()
    const changed: Record<string, FieldValue> = {}
    const newTags = parseTags(tags)
    if (newTags.join('\n') !== win.tags.join('\n')) changed['tags'] = newTags
    if (energy !== win.energy) changed['energy'] = energy
    const newNote = note.trim() === '' ? null : note.trim()
    if (newNote !== win.note) changed['note'] = newNote
    if ((goalId || null) !== win.goalId) changed['goal_id'] = goalId || null
    if (valueIds.join() !== win.valueIds.join()) changed['value_ids'] = valueIds
    if (day !== win.day && day <= today) {
      changed['local_day'] = day
      changed['happened_at'] = shiftMoment(win.happenedAt, win.day, day)
    }
    if (Object.keys(changed).length > 0) await mutate(WINS, win.id, changed)
    onDone()
  }

  return (
    <form class="win-editor" onSubmit={save} aria-label="Edit details">
      <div class="field">
        <label for={`${prefix}-day`}>Day</label>
        <select id={`${prefix}-day`} value={day} onChange={(e) => setDay(e.currentTarget.value)}>
          {dayChoices(today, win.day).map((d) => (
            <option key={d} value={d}>
              {friendlyDay(d, today)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${prefix}-tags`}>Tags</label>
        <input id={`${prefix}-tags`} value={tags} autoComplete="off" onInput={(e) => setTags(e.currentTarget.value)} />
      </div>
      <fieldset class="energy">
        <legend>Energy (optional)</legend>
        <div class="energy__options">
          {ENERGY_LEVELS.map((level) => (
            <label key={level} class="energy__option">
              <input
                type="radio"
                name={`${prefix}-energy`}
                value={level}
                checked={energy === level}
                onClick={() => setEnergy(energy === level ? null : level)}
              />
              <span>{level}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div class="field">
        <label for={`${prefix}-note`}>Note</label>
        <textarea id={`${prefix}-note`} value={note} rows={2} maxLength={MAX_NOTE} onInput={(e) => setNote(e.currentTarget.value)} />
      </div>
      {(goals.length > 0 || win.goalId !== null) && (
        <div class="field">
          <label for={`${prefix}-goal`}>Goal</label>
          <select id={`${prefix}-goal`} value={goalId} onChange={(e) => setGoalId(e.currentTarget.value)}>
            <option value="">No goal</option>
            {goals.map((g) => (
              <option key={g.id} value={g.id}>
                {g.title}
              </option>
            ))}
          </select>
        </div>
      )}
      <ValuePicker idPrefix={`${prefix}-value`} value={valueIds} onChange={setValueIds} />
      <div class="capture__row">
        <button type="submit" class="button button--primary">
          Save details
        </button>
        <button type="button" class="button button--quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}
