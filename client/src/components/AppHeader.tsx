// The header of signed-in screens: the name, and Sign out. Signing out never silently drops
// wins that have not reached the server: it syncs first, and if some are still waiting it
// asks. This account's local data is cleared only after that, once the server has let go.

import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError } from '../api'
import { signOut } from '../session'
import { discardLocalData, syncNow, waitingCount } from '../sync/store'
import { describeFailure } from '../lib/failure'
import { AppNav } from './AppNav'

export function AppHeader({ onSignedOut }: { onSignedOut: () => void }) {
  const [busy, setBusy] = useState(false)
  const [unsynced, setUnsynced] = useState<number | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  async function leave() {
    if (busy) return
    setBusy(true)
    setProblem(null)
    let waiting = await waitingCount()
    if (waiting > 0) {
      await syncNow(true)
      waiting = await waitingCount()
    }
    if (waiting > 0) {
      setUnsynced(waiting)
      setBusy(false)
      return
    }
    await finish()
  }

  async function finish() {
    setUnsynced(null)
    setBusy(true)
    try {
      await signOut()
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) {
        setProblem(describeFailure(error).message)
        setBusy(false)
        return
      } // 401: the session had already ended; carry on
    }
    await discardLocalData()
    onSignedOut()
  }

  return (
    <>
      <header class="app-header">
        <p class="app-header__name">Small Wins</p>
        <button type="button" class="button button--quiet" onClick={() => void leave()} aria-busy={busy}>
          Sign out
        </button>
      </header>
      <AppNav />
      <div role="alert" class="form-alert app-header__alert">
        {problem}
      </div>
      {unsynced !== null && (
        <ConfirmSignOut count={unsynced} onCancel={() => setUnsynced(null)} onConfirm={() => void finish()} />
      )}
    </>
  )
}

function ConfirmSignOut({ count, onCancel, onConfirm }: { count: number; onCancel: () => void; onConfirm: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    dialog.current?.showModal() // a modal dialog traps focus and closes on Escape
  }, [])
  const wins = count === 1 ? '1 win hasn’t' : `${count} wins haven’t`
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="signout-title" aria-describedby="signout-text" onClose={onCancel}>
      <h2 id="signout-title">Sign out?</h2>
      <p id="signout-text">
        {wins} reached the server yet. Sign out anyway and lose them on this device?
      </p>
      <div class="dialog__actions">
        <button type="button" class="button button--primary" autoFocus onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button type="button" class="button button--quiet" onClick={onConfirm}>
          Sign out anyway
        </button>
      </div>
    </dialog>
  )
}
