// Today: the day's wins. For now the shell only: header, the date, a warm empty state.
// The input for a new win and the list of today's wins come in a later issue (they read and
// write Dexie, not the network, so they work offline too).

import { useState } from 'preact/hooks'
import { ApiError } from '../api'
import { signOut, type User } from '../session'
import { describeFailure } from './failure'
import { Page } from './Page'

interface TodayProps {
  user: User
  offline: boolean
  onSignedOut: () => void
}

function todayLabel(timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long' }
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone }).format(new Date())
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(new Date()) // unknown zone
  }
}

export function Today({ user, offline, onSignedOut }: TodayProps) {
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function leave() {
    if (busy) return
    setBusy(true)
    setProblem(null)
    try {
      await signOut()
      onSignedOut()
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        onSignedOut() // the session had already ended
        return
      }
      setProblem(describeFailure(error).message)
      setBusy(false)
    }
  }

  return (
    <>
      <header class="app-header">
        <p class="app-header__name">Small Wins</p>
        <button type="button" class="button button--quiet" onClick={leave} aria-busy={busy}>
          Sign out
        </button>
      </header>
      <Page title="Today">
        <p class="page__subtitle">{todayLabel(user.time_zone)}</p>
        {offline && (
          <p class="notice" role="status">
            You're offline right now. That's okay — Small Wins keeps working on this device.
          </p>
        )}
        <div role="alert" class="form-alert">
          {problem}
        </div>
        {/* Later issue: <WinInput /> and <WinList /> go here. */}
        <EmptyDay />
      </Page>
    </>
  )
}

function EmptyDay() {
  return (
    <section class="empty" aria-label="Today's wins">
      <p>Nothing logged yet today — small things count.</p>
    </section>
  )
}
