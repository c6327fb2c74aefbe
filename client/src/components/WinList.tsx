// A list of wins, plus the Undo toast for deletes made from it. Deleting is a tombstone
// (deleted: true); Undo writes deleted: false with a newer stamp, so it wins everywhere.

import type { ComponentChildren } from 'preact'
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { mutate } from '../sync/store'
import { WinItem } from './WinItem'
import { WINS, type Win } from '../collections/wins'

const UNDO_MS = 6_000

interface WinListProps {
  wins: readonly Win[]
  timeZone: string
  label: string
  empty?: ComponentChildren
}

export function WinList({ wins, timeZone, label, empty }: WinListProps) {
  const undo = useUndo()
  // The toast comes before the list in the DOM (it floats at the bottom either way), so after
  // a delete Undo is a few Tabs away, not behind every win of a long day, within its 6 s.
  return (
    <>
      <UndoToast deleted={undo.deleted} onUndo={undo.restore} />
      {wins.length === 0 ? (
        empty
      ) : (
        <ul class="wins" aria-label={label}>
          {wins.map((win) => (
            <WinItem key={win.id} win={win} timeZone={timeZone} onDelete={undo.remove} />
          ))}
        </ul>
      )}
    </>
  )
}

function useUndo() {
  const [deleted, setDeleted] = useState<Win | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  // Stable, so memoised items do not re-render when the toast changes.
  const remove = useCallback((win: Win) => {
    void mutate(WINS, win.id, { deleted: true })
    setDeleted(win)
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setDeleted(null), UNDO_MS)
    document.getElementById('win-text')?.focus()
  }, [])
  return {
    deleted,
    remove,
    restore() {
      if (deleted === null) return
      void mutate(WINS, deleted.id, { deleted: false })
      clearTimeout(timer.current)
      setDeleted(null)
    },
  }
}

function UndoToast({ deleted, onUndo }: { deleted: Win | null; onUndo: () => void }) {
  return (
    <div class="toast-region" role="status">
      {deleted !== null && (
        <div class="toast">
          <p>Deleted “{deleted.text.length > 40 ? `${deleted.text.slice(0, 40)}…` : deleted.text}”.</p>
          <button type="button" class="button button--quiet" onClick={onUndo}>
            Undo
          </button>
        </div>
      )}
    </div>
  )
}
