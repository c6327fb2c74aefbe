// Today: one box for a new win, and today's wins, newest first. Everything here reads and
// writes this device's database (live queries), so it works the same offline.

import { useEffect, useState } from 'preact/hooks'
import { PATHS } from '../router'
import type { User } from '../session'
import { useRecords } from '../sync/store'
import { AppHeader } from '../components/AppHeader'
import { useToday } from '../lib/today'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { SyncStatusLine } from '../components/SyncStatus'
import { TodayIntention } from '../components/TodayIntention'
import { TodayRitual } from '../components/TodayRitual'
import { AddToHomeScreen } from '../components/AddToHomeScreen'
import { WinCapture } from '../components/WinCapture'
import { WinList } from '../components/WinList'
import { winsOfDay, type Win } from '../collections/wins'

interface TodayProps {
  user: User
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

export function Today({ user, onSignedOut }: TodayProps) {
  const day = useToday(user)
  // One result per live-query run, so unchanged wins keep their identity between renders and
  // their (memo) items skip re-rendering.
  const stored = useRecords(winsOfDay(day, 'newest'), [day], null)
  const echoes = useEchoes(stored?.ids ?? null)
  const wins = stored === null ? null : [...echoes.shown, ...stored.wins]

  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="Today">
        <p class="page__subtitle">
          {todayLabel(user.time_zone)} · <Link href={PATHS.history}>Your history</Link> ·{' '}
          <Link href={PATHS.reminders}>Reminders</Link>
        </p>
        <WinCapture user={user} onCapture={echoes.add} />
        <SyncStatusLine />
        <TodayRitual user={user} day={day} />
        <AddToHomeScreen onlyOnIOS />
        <TodayIntention day={day} />
        {wins !== null && (
          <WinList wins={wins} timeZone={user.time_zone} label="Today's wins" empty={<EmptyDay />} />
        )}
      </Page>
    </>
  )
}

/**
 * A just-typed win is shown from memory at once and replaced by its stored row when the write
 * commits and the live query delivers it (~10–20 ms later), so Enter → list stays within a
 * frame. If the write fails it disappears again and the box gets the text back.
 */
function useEchoes(stored: ReadonlySet<string> | null) {
  const [echoes, setEchoes] = useState<Win[]>([])
  const shown = echoes.filter((win) => stored?.has(win.id) !== true)
  useEffect(() => {
    if (shown.length !== echoes.length) setEchoes(shown)
  })
  return {
    shown,
    add(win: Win, saved: Promise<void>) {
      setEchoes((list) => [{ ...win, echo: true }, ...list])
      saved.catch(() => setEchoes((list) => list.filter((w) => w.id !== win.id)))
    },
  }
}

function EmptyDay() {
  return (
    <section class="empty" aria-label="Today's wins">
      <p>Nothing logged yet today — small things count.</p>
    </section>
  )
}
