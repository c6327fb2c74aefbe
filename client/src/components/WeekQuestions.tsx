// The three questions for a week, answered in its reflection record. Each answer saves itself
// a moment after typing stops (written to this device first, synced behind), and shows again
// whenever the week is reopened, on any device.

import { useEffect, useRef, useState } from 'preact/hooks'
import type { User } from '../session'
import { answerFields, MAX_ANSWER, QUESTIONS, reflectionId, reflectionOfWeek, REFLECTIONS, type Question } from '../collections/reflections'
import { mutate, useRecords } from '../sync/store'

const SAVE_AFTER_MS = 700

type Drafts = Partial<Record<Question, string>>

export function WeekQuestions({ user, week }: { user: User; week: string }) {
  const reflection = useRecords(reflectionOfWeek(user.id, week), [user.id, week], undefined)
  // What was typed here since the week opened. It stays the box's value even once saved (the
  // stored copy is trimmed, and swapping it in mid-sentence would eat a space or move the
  // cursor); answers not touched here show the record, so another device's answer appears.
  const [drafts, setDrafts] = useState<Drafts>({})
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle')
  const timers = useRef(new Map<Question, ReturnType<typeof setTimeout>>())
  const latest = useRef<Drafts>({})

  const save = async (field: Question) => {
    timers.current.delete(field)
    const text = latest.current[field]
    if (text === undefined) return
    setStatus('saving')
    try {
      await mutate(REFLECTIONS, await reflectionId(user.id, week), answerFields(week, field, text.trim()))
      setStatus('saved')
    } catch {
      setStatus('failed')
    }
  }

  const flushAll = () => {
    for (const [field, timer] of timers.current) {
      clearTimeout(timer)
      void save(field)
    }
  }

  // Another week, or leaving the screen: store what was typed rather than lose it.
  useEffect(() => {
    setDrafts({})
    latest.current = {}
    setStatus('idle')
    return flushAll
  }, [week])

  const onInput = (field: Question, text: string) => {
    latest.current = { ...latest.current, [field]: text }
    setDrafts(latest.current)
    const timer = timers.current.get(field)
    if (timer !== undefined) clearTimeout(timer)
    timers.current.set(
      field,
      setTimeout(() => void save(field), SAVE_AFTER_MS),
    )
  }

  if (reflection === undefined) return null
  return (
    <section class="week__section" aria-labelledby="week-questions">
      <h2 id="week-questions">Three questions</h2>
      <p class="week__hint">Answer any, all or none — they’re just for you.</p>
      {QUESTIONS.map(({ field, text }) => {
        const id = `reflection-${field}`
        return (
          <div key={field} class="field question">
            <label for={id}>{text}</label>
            <textarea
              id={id}
              rows={3}
              maxLength={MAX_ANSWER}
              value={drafts[field] ?? reflection?.answers[field] ?? ''}
              onInput={(event) => onInput(field, event.currentTarget.value)}
              onBlur={() => {
                const timer = timers.current.get(field)
                if (timer === undefined) return
                clearTimeout(timer)
                void save(field)
              }}
            />
          </div>
        )
      })}
      <p class="week__saved" role="status" id="reflection-status">
        {status === 'saving' && 'Saving…'}
        {status === 'saved' && 'Saved on this device'}
        {status === 'failed' && 'Couldn’t save just now — your words are still here; try again in a moment.'}
      </p>
    </section>
  )
}
