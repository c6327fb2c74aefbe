// A person's values: the ones named so far (each a link to its wins, and removable), a box to
// name another, and suggestions not yet taken.

import { useState } from 'preact/hooks'
import { uuid } from '../db/meta'
import { followLink, valuePath } from '../router'
import { mutate, useRecords } from '../sync/store'
import { allValues, MAX_NAME, newValueFields, SUGGESTIONS, VALUES } from '../collections/values'

export function ValuesManager() {
  const values = useRecords(allValues, [], [])
  const [name, setName] = useState('')
  const taken = new Set(values.map((v) => v.name.toLocaleLowerCase()))
  const suggestions = SUGGESTIONS.filter((s) => !taken.has(s))

  async function add(text: string) {
    const trimmed = text.trim()
    if (trimmed === '' || taken.has(trimmed.toLocaleLowerCase())) return
    await mutate(VALUES, uuid(), newValueFields(trimmed))
  }

  return (
    <section aria-labelledby="values-heading" class="values">
      <h2 id="values-heading">Your values</h2>
      <p class="field__hint">What matters to you. Link wins to them when you log or edit a win.</p>
      {values.length > 0 && (
        <ul class="values__list">
          {values.map((value) => (
            <li key={value.id} class="value">
              <a id={`value-${value.id}`} href={valuePath(value.id)} onClick={followLink}>
                {value.name}
              </a>
              <button
                type="button"
                class="link-button"
                aria-describedby={`value-${value.id}`}
                onClick={() => void mutate(VALUES, value.id, { deleted: true })}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {suggestions.length > 0 && (
        <div class="examples" role="group" aria-label="Suggested values">
          {suggestions.map((s) => (
            <button key={s} type="button" class="chip" onClick={() => void add(s)}>
              + {s}
            </button>
          ))}
        </div>
      )}
      <form
        class="capture__row"
        onSubmit={(e) => {
          e.preventDefault()
          void add(name).then(() => setName(''))
        }}
      >
        <label for="value-name" class="visually-hidden">
          Name a value
        </label>
        <input id="value-name" value={name} maxLength={MAX_NAME} placeholder="Name a value" autoComplete="off" onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit" class="button">
          Add value
        </button>
      </form>
    </section>
  )
}
