// Which of the person's values a win speaks to: one checkbox per value. Absent until the
// person has named a value (on Goals & values).

import { useRecords } from '../sync/store'
import { allValues } from '../collections/values'
import { MAX_VALUE_IDS } from '../collections/wins'

interface ValuePickerProps {
  idPrefix: string
  value: readonly string[]
  onChange: (ids: string[]) => void
}

export function ValuePicker({ idPrefix, value, onChange }: ValuePickerProps) {
  const values = useRecords(allValues, [], [])
  if (values.length === 0) return null
  function toggle(id: string, on: boolean) {
    const ids = value.filter((v) => v !== id)
    onChange(on ? [...ids, id].slice(0, MAX_VALUE_IDS) : ids)
  }
  return (
    <fieldset class="value-picker">
      <legend>Values (optional)</legend>
      <div class="value-picker__options">
        {values.map((v) => (
          <label key={v.id} class="chip-check">
            <input
              type="checkbox"
              id={`${idPrefix}-${v.id}`}
              checked={value.includes(v.id)}
              onChange={(e) => toggle(v.id, e.currentTarget.checked)}
            />
            <span>{v.name}</span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}
