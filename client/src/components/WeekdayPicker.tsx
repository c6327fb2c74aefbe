// Which days a goal's step is offered: seven checkboxes. The visible label is the accessible
// name ("Mon"), with the full day in a title for those who hover.

import { WEEKDAYS } from '../collections/goals'

export function WeekdayPicker({ value, onChange }: { value: readonly number[]; onChange: (days: number[]) => void }) {
  function toggle(day: number, on: boolean) {
    const days = new Set(value)
    if (on) days.add(day)
    else days.delete(day)
    onChange([...days].sort((a, b) => a - b))
  }
  return (
    <fieldset class="weekdays">
      <legend>On these days</legend>
      <div class="weekdays__options">
        {WEEKDAYS.map((day, index) => (
          <label key={day.short} class="weekdays__option" title={day.long}>
            <input type="checkbox" checked={value.includes(index)} onChange={(e) => toggle(index, e.currentTarget.checked)} />
            <span>{day.short}</span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}
