// Start: right after signing up, an optional first step or two — log a first win, turn on the
// evening recap — and a way straight past both. The notification permission prompt appears
// only after the "Turn on" tap, never on arrival.

import { useState } from 'preact/hooks'
import { PATHS } from '../router'
import type { User } from '../session'
import { AppHeader } from '../components/AppHeader'
import { AddToHomeScreen } from '../components/AddToHomeScreen'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { WinCapture } from '../components/WinCapture'
import { browserEnv, detectSupport } from '../push/support'
import { turnOn } from '../push/subscribe'
import { useRecords } from '../sync/store'
import { useToday } from '../lib/today'
import { winsOfDay } from '../collections/wins'

type Evening = 'idle' | 'busy' | 'on' | 'denied' | 'dismissed' | 'failed' | 'offline'

const EVENING_TEXT: Record<Evening, string> = {
  idle: '',
  busy: 'Asking your browser…',
  on: 'Done. You’ll get a gentle nudge at 21:00 — change it any time in Reminders.',
  denied: 'No reminders, then. Small Wins works just as well without them.',
  dismissed: 'No problem. You can turn them on later in Reminders.',
  failed: 'That didn’t work just now. You can try again later in Reminders.',
  offline: 'Turning on reminders needs a connection. You can do it later in Reminders.',
}

export function Start({ user, onSignedOut }: { user: User; onSignedOut: () => void }) {
  // Shown once the first win is stored on this device (the box itself never waits).
  const day = useToday(user)
  const logged = (useRecords(winsOfDay(day, 'newest'), [day], null)?.wins.length ?? 0) > 0
  const [evening, setEvening] = useState<Evening>('idle')
  const support = detectSupport(browserEnv())

  async function turnOnEvening() {
    if (evening === 'busy') return
    if (!navigator.onLine) {
      setEvening('offline') // the push service and the server must both be reachable
      return
    }
    setEvening('busy')
    try {
      setEvening(await turnOn())
    } catch (error) {
      console.error(error)
      setEvening('failed')
    }
  }

  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="Start" heading="You’re in. Welcome!">
        <p class="page__subtitle">Two small things to begin, both optional.</p>
        <section class="card" aria-labelledby="start-win">
          <h2 id="start-win">Log a first win</h2>
          <WinCapture user={user} />
          <p role="status" class="field__note">
            {logged ? 'Your first small win. That’s how it starts.' : ''}
          </p>
        </section>
        <section class="card" aria-labelledby="start-evening">
          <h2 id="start-evening">An evening recap</h2>
          <p>A gentle nudge each evening to look back on what went well.</p>
          {support === 'ios-install' ? (
            <AddToHomeScreen />
          ) : support === 'unsupported' ? (
            <p>This browser can’t show reminders — everything else works as always.</p>
          ) : (
            evening !== 'on' && (
              <button type="button" class="button button--quiet" aria-busy={evening === 'busy'} onClick={() => void turnOnEvening()}>
                Turn on the evening recap
              </button>
            )
          )}
          <p role="status" class="field__note">
            {EVENING_TEXT[evening]}
          </p>
        </section>
        <p class="start__done">
          <Link href={PATHS.today}>{logged || evening === 'on' ? 'Go to Today' : 'Skip for now'}</Link>
        </p>
      </Page>
    </>
  )
}
