// Today: one box for a new win, and today's wins, newest first. Everything here reads and
// writes this device's database (live queries), so it works the same offline.

import { PATHS } from '../router'
import type { User } from '../session'
import { useRecords } from '../sync/store'
import { AppHeader } from '../components/AppHeader'
import { useToday } from '../lib/today'
import { Link } from '../components/Link'
import { LookingBack } from '../components/LookingBack'
import { Page } from '../components/Page'
import { SyncStatusLine } from '../components/SyncStatus'
import { TodayIntention } from '../components/TodayIntention'
import { TodaySteps } from '../components/TodaySteps'
import { TodayRitual } from '../components/TodayRitual'
import { AddToHomeScreen } from '../components/AddToHomeScreen'
import { WinCapture } from '../components/WinCapture'
import { WinList } from '../components/WinList'
import { winsOfDay } from '../collections/wins'

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
  // Only stored rows, never a just-typed win from memory: shown means stored (see WinCapture).
  // One result per live-query run, so unchanged wins keep their identity between renders and
  // their (memo) items skip re-rendering.
  const stored = useRecords(winsOfDay(day, 'newest'), [day], null)
  const wins = stored === null ? null : stored.wins

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
        <TodayRitual user={user} day={day} />
        <AddToHomeScreen onlyOnIOS />
        <TodayIntention day={day} />
        <TodaySteps user={user} day={day} />
        {wins !== null && (
          <WinList wins={wins} timeZone={user.time_zone} label="Today's wins" empty={<EmptyDay />} />
        )}
        <LookingBack userId={user.id} day={day} />
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
