// Today: one box for a new win, and today's wins, newest first. Everything here reads and
// writes this device's database (live queries), so it works the same offline.

import { useEffect, useMemo, useState } from 'preact/hooks'
import { PATHS } from '../router'
import type { User } from '../session'
import { useRecords } from '../sync/store'
import { AppHeader } from './AppHeader'
import { localDay } from './days'
import { Link } from './Link'
import { Page } from './Page'
import { SyncStatusLine } from './SyncStatus'
import { TodayIntention } from './TodayIntention'
import { WinCapture } from './WinCapture'
import { WinList } from './WinList'
import { toWin, WINS } from './wins'

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

/** The person's current day, re-checked every minute so the list rolls over at day start. */
export function useToday(user: User): string {
  const compute = () => localDay(new Date(), user.time_zone, user.day_start_hour)
  const [day, setDay] = useState(compute)
  useEffect(() => {
    const timer = setInterval(() => setDay(compute()), 60_000)
    return () => clearInterval(timer)
  }, [user.time_zone, user.day_start_hour])
  return day
}

export function Today({ user, onSignedOut }: TodayProps) {
  const day = useToday(user)
  const rows = useRecords(
    (db) => db.records.where('[collection+day]').equals([WINS, day]).toArray(),
    [day],
    null,
  )
  // Only stored rows, never a just-typed win from memory: shown means stored (see WinCapture).
  // Memoised so unchanged wins keep their identity and their (memo) items skip re-rendering.
  const wins = useMemo(
    () =>
      rows === null
        ? null
        : rows
            .filter((row) => row.values['deleted'] !== true)
            .sort((a, b) => (b.at ?? 0) - (a.at ?? 0))
            .map(toWin),
    [rows],
  )

  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="Today">
        <p class="page__subtitle">
          {todayLabel(user.time_zone)} · <Link href={PATHS.history}>Your history</Link> ·{' '}
          <Link href={PATHS.reminders}>Reminders</Link>
        </p>
        <WinCapture user={user} />
        <SyncStatusLine />
        <TodayIntention day={day} />
        {wins !== null && (
          <WinList wins={wins} timeZone={user.time_zone} label="Today's wins" empty={<EmptyDay />} />
        )}
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
