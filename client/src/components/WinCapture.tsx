// The one box on Today: type, press Enter, done. Details (tags, energy, a note) are one tap
// away behind "Add details" and never required. Nothing waits for the network: the win is
// written to this device and the box is free for the next one at once. The list shows the win
// only from its stored row (one IndexedDB commit, p95 ~32 ms), never from memory before that:
// what the list shows survives the page being closed or reloaded. Between Enter and the commit
// the write is journaled (sync/journal.ts), so even a page closed in that gap keeps it.

import { useEffect, useRef, useState } from 'preact/hooks'
import { uuid } from '../db/meta'
import type { User } from '../session'
import { mutate } from '../sync/store'
import { ValuePicker } from './ValuePicker'
import { ENERGY_LEVELS, MAX_NOTE, MAX_TEXT, newWinFields, parseTags, WINS } from '../collections/wins'

const NEAR_LIMIT = MAX_TEXT - 50

interface WinCaptureProps {
  user: User
}

export function WinCapture({ user }: WinCaptureProps) {
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const [tags, setTags] = useState('')
  const [energy, setEnergy] = useState<number | null>(null)
  const [note, setNote] = useState('')
  const [valueIds, setValueIds] = useState<readonly string[]>([])
  const [problem, setProblem] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)

  // Focus on open. A frame later, because Page moves focus to the heading on an in-app screen
  // change, and on Today the box is where a person starts (its label is read out).
  useEffect(() => {
    const frame = requestAnimationFrame(() => input.current?.focus())
    return () => cancelAnimationFrame(frame)
  }, [])

  async function save(event: SubmitEvent) {
    event.preventDefault()
    if (text.trim() === '') return // an empty Enter is not a mistake worth a message
    const details = { tags: parseTags(tags), energy, note: note.trim() === '' ? null : note.trim(), valueIds: [...valueIds] }
    const id = uuid()
    const fields = newWinFields(text, details, user)
    const saved = mutate(WINS, id, fields)
    const typed = { text, tags, energy, note, open }
    setText('')
    setTags('')
    setEnergy(null)
    setNote('')
    setValueIds([])
    setOpen(false)
    setProblem(null)
    input.current?.focus()
    try {
      await saved
    } catch (error) {
      console.error(error)
      // Give back what was typed, so nothing is lost.
      setText(typed.text)
      setTags(typed.tags)
      setEnergy(typed.energy)
      setNote(typed.note)
      setValueIds(details.valueIds)
      setOpen(typed.open)
      setProblem("That didn't save on this device. Please try again.")
    }
  }

  const left = MAX_TEXT - text.length
  return (
    <form class="capture" onSubmit={save} aria-label="Log a win">
      <label for="win-text" class="capture__label">
        What went well?
      </label>
      <div class="capture__row">
        <input
          id="win-text"
          ref={input}
          value={text}
          maxLength={MAX_TEXT}
          autoComplete="off"
          enterKeyHint="done"
          placeholder="Even a small thing counts"
          aria-describedby="win-text-hint"
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <button type="submit" class="button button--primary">
          Save
        </button>
      </div>
      <p id="win-text-hint" class="field__hint" aria-live="polite">
        {text.length >= MAX_TEXT
          ? `That's the ${MAX_TEXT}-character limit — plenty for a small win.`
          : text.length >= NEAR_LIMIT
            ? `${left} characters left.`
            : ''}
      </p>
      <button
        type="button"
        class="link-button"
        aria-expanded={open}
        aria-controls="win-details"
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide details' : 'Add details'}
      </button>
      <div id="win-details" class="capture__details" hidden={!open}>
        <div class="field">
          <label for="win-tags">Tags</label>
          <input
            id="win-tags"
            value={tags}
            autoComplete="off"
            aria-describedby="win-tags-hint"
            onInput={(event) => setTags(event.currentTarget.value)}
          />
          <p id="win-tags-hint" class="field__hint">
            Separate with commas, e.g. health, work.
          </p>
        </div>
        <EnergyPicker value={energy} onChange={setEnergy} />
        <div class="field">
          <label for="win-note">Note</label>
          <textarea
            id="win-note"
            value={note}
            rows={3}
            maxLength={MAX_NOTE}
            onInput={(event) => setNote(event.currentTarget.value)}
          />
        </div>
        <ValuePicker idPrefix="win-value" value={valueIds} onChange={setValueIds} />
      </div>
      {problem !== null && (
        <p role="alert" class="field__error">
          {problem}
        </p>
      )}
    </form>
  )
}

function EnergyPicker({ value, onChange }: { value: number | null; onChange: (v: number | null) => void }) {
  return (
    <fieldset class="energy">
      <legend>Energy (optional)</legend>
      <div class="energy__options">
        {ENERGY_LEVELS.map((level) => (
          <label key={level} class="energy__option">
            <input
              type="radio"
              name="win-energy"
              value={level}
              checked={value === level}
              onClick={() => onChange(value === level ? null : level)}
            />
            <span>{level}</span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}
