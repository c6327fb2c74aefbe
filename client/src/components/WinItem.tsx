// One win in a list. The text is a button: click it (or Enter on it) to edit in place; Enter
// saves, Escape cancels. Star toggles (aria-pressed); Delete hands the win to the Undo toast.
// "Details" opens the editor of every other field; a tag is a link to History filtered by it.

import { memo } from 'preact/compat'
import { useEffect, useRef, useState } from 'preact/hooks'
import { dismissProblem, mutate } from '../sync/store'
import { clockTime } from '../lib/days'
import { followLink } from '../router'
import { WinDetailsEditor } from './WinDetailsEditor'
import { MAX_TEXT, WINS, type Win } from '../collections/wins'

interface WinItemProps {
  win: Win
  timeZone: string
  onDelete: (win: Win) => void
}

/** Memo: typing a new win re-renders the list, and long days should not cost a frame. */
export const WinItem = memo(function WinItem({ win, timeZone, onDelete }: WinItemProps) {
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState(win.text)
  const [details, setDetails] = useState(false)
  const editor = useRef<HTMLInputElement>(null)
  const textButton = useRef<HTMLButtonElement>(null)
  const wasEditing = useRef(false)

  useEffect(() => {
    if (editing) editor.current?.select()
    else if (wasEditing.current) textButton.current?.focus() // back where the person was
    wasEditing.current = editing
  }, [editing])

  function startEditing() {
    setDraft(win.text)
    setEditing(true)
  }

  async function finish(save: boolean) {
    if (!editing) return
    setEditing(false)
    const text = draft.trim()
    if (!save || text === '' || text === win.text) return
    try {
      // The old text stays until the new one is stored: what shows is what is kept.
      await mutate(WINS, win.id, { text })
    } catch (error) {
      console.error(error)
      setEditing(true) // give the edit back rather than drop it silently
    }
  }

  const labelId = `win-${win.id}-text`
  return (
    <li class={win.problem === null ? 'win' : 'win win--problem'}>
      <div class="win__body">
        {editing ? (
          <input
            ref={editor}
            class="win__editor"
            value={draft}
            maxLength={MAX_TEXT}
            aria-label="Edit this win"
            onInput={(event) => setDraft(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') void finish(true)
              else if (event.key === 'Escape') void finish(false)
            }}
            onBlur={() => void finish(true)}
          />
        ) : (
          <button ref={textButton} type="button" id={labelId} class="win__text" onClick={startEditing}>
            {win.text}
            <span class="visually-hidden"> (edit)</span>
          </button>
        )}
        <p class="win__meta">
          <time dateTime={win.happenedAt}>{clockTime(win.happenedAt, timeZone)}</time>
          {win.energy !== null && <span> · energy {win.energy} of 5</span>}
          {win.tags.map((tag) => (
            <a key={tag} class="tag" href={`/history?tag=${encodeURIComponent(tag)}`} onClick={followLink}>
              <span class="visually-hidden">Wins tagged </span>
              {tag}
            </a>
          ))}
        </p>
        {win.note !== null && <p class="win__note">{win.note}</p>}
        {win.problem !== null && (
          <p class="win__problem">
            This one didn't reach the server: {win.problem}{' '}
            <button type="button" class="link-button" onClick={() => void dismissProblem(WINS, win.id)}>
              Dismiss
            </button>
          </p>
        )}
      </div>
      <div class="win__actions">
        <button type="button" class="icon-button" aria-expanded={details} aria-describedby={labelId} onClick={() => setDetails(!details)}>
          <span aria-hidden="true">⋯</span>
          <span class="visually-hidden">Details</span>
        </button>
        <button
          type="button"
          class="icon-button star"
          aria-pressed={win.starred}
          aria-describedby={labelId}
          onClick={() => void mutate(WINS, win.id, { starred: !win.starred })}
        >
          <span aria-hidden="true">{win.starred ? '★' : '☆'}</span>
          <span class="visually-hidden">Star</span>
        </button>
        <button type="button" class="icon-button" aria-describedby={labelId} onClick={() => onDelete(win)}>
          <span aria-hidden="true">✕</span>
          <span class="visually-hidden">Delete</span>
        </button>
      </div>
      {details && <WinDetailsEditor win={win} timeZone={timeZone} onDone={() => setDetails(false)} />}
    </li>
  )
})
