// "Does this device get reminders?" — the part of the Reminders screen about this browser:
// turn on (the permission prompt appears only after that tap), turn off, send a test, and a
// kind explanation when it can't work here (blocked, iPhone not installed, no Web Push).

import { useEffect, useState } from 'preact/hooks'
import { OfflineError } from '../api'
import { browserEnv, detectSupport } from '../push/support'
import { currentSubscription, PushServiceError, register, sendTest, serverHas, turnOff, turnOn } from '../push/subscribe'
import { describeFailure, OFFLINE_MESSAGE } from '../lib/failure'
import { countsText } from '../lib/reminderText'
import { AddToHomeScreen } from './AddToHomeScreen'

type State = 'checking' | 'unsupported' | 'ios-install' | 'denied' | 'off' | 'on'

async function initialState(): Promise<State> {
  const support = detectSupport(browserEnv())
  if (support !== 'supported') return support
  if (Notification.permission === 'denied') return 'denied'
  const subscription = await currentSubscription()
  if (subscription === null || Notification.permission !== 'granted') return 'off'
  // The server may have dropped this endpoint (e.g. after a 410); quietly tell it again.
  serverHas(subscription.endpoint)
    .then((known) => (known ? undefined : register(subscription)))
    .catch(() => undefined) // offline: the subscription on this device still stands
  return 'on'
}

function failureText(error: unknown): string {
  if (error instanceof PushServiceError) {
    return 'We couldn’t reach this browser’s notification service. Please try again in a little while.'
  }
  if (error instanceof OfflineError) return OFFLINE_MESSAGE
  return describeFailure(error).message
}

/** Says after a few seconds that turning on is still under way (the push service can be slow
 *  or out of reach; subscribing gives up after SUBSCRIBE_TIMEOUT_MS with a kind message). */
function useSlow(busy: boolean): boolean {
  const [slow, setSlow] = useState(false)
  useEffect(() => {
    setSlow(false)
    if (!busy) return
    const timer = setTimeout(() => setSlow(true), 3_000)
    return () => clearTimeout(timer)
  }, [busy])
  return slow
}

/** `onSubscribed` hears whether this device gets reminders (null while checking), so the
 *  reminders below say "Next: …" only where one will actually arrive. */
export function ReminderDevice({ onSubscribed }: { onSubscribed?: (on: boolean | null) => void }) {
  const [state, setState] = useState<State>('checking')
  const [busy, setBusy] = useState(false)
  const [turningOn, setTurningOn] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const slow = useSlow(turningOn)

  useEffect(() => {
    void initialState().then(setState)
  }, [])
  useEffect(() => onSubscribed?.(state === 'checking' ? null : state === 'on'), [state, onSubscribed])

  async function run(action: () => Promise<void>) {
    if (busy) return
    setBusy(true)
    setMessage(null)
    setProblem(null)
    try {
      await action()
    } catch (error) {
      console.error(error)
      setProblem(failureText(error))
    } finally {
      setBusy(false)
    }
  }

  const on = () =>
    run(async () => {
      setTurningOn(true)
      const result = await turnOn().finally(() => setTurningOn(false))
      if (result === 'on') {
        setState('on')
        setMessage('Reminders are on for this device.')
      } else if (result === 'denied') {
        setState('denied')
      } else {
        setMessage('No problem. Tap “Turn on reminders” whenever you’re ready.')
      }
    })

  const off = () =>
    run(async () => {
      setState('off')
      try {
        await turnOff()
        setMessage('Reminders are off for this device.')
      } catch (error) {
        if (!(error instanceof OfflineError)) throw error
        setMessage('Reminders are off for this device. We’ll let the server know when you’re back online.')
      }
    })

  const test = () => run(async () => setMessage(countsText(await sendTest())))

  return (
    <section class="card" aria-labelledby="device-heading">
      <h2 id="device-heading">This device</h2>
      <DeviceBody state={state} busy={busy} onOn={on} onOff={off} onTest={test} />
      <p role="status" class="field__note">
        {turningOn ? (slow ? 'Still waiting for this browser’s notification service…' : 'Turning on…') : message}
      </p>
      <div role="alert" class="form-alert">
        {problem}
      </div>
    </section>
  )
}

interface BodyProps {
  state: State
  busy: boolean
  onOn: () => void
  onOff: () => void
  onTest: () => void
}

function DeviceBody({ state, busy, onOn, onOff, onTest }: BodyProps) {
  switch (state) {
    case 'checking':
      // As tall as the "off" state (text and a button), so the cards below don't shift.
      return (
        <>
          <p>Checking this device…</p>
          <span class="button device-placeholder" aria-hidden="true">
            &nbsp;
          </span>
        </>
      )
    case 'unsupported':
      return (
        <p>
          This browser can’t show reminders, sorry. Everything else works as always — and reminders will
          reach any other device where you turn them on.
        </p>
      )
    case 'ios-install':
      return <AddToHomeScreen />
    case 'denied':
      return (
        <p>
          Notifications are turned off for Small Wins in this browser. To get reminders, allow notifications
          for this site in your browser’s settings (often behind the icon next to the address), then come
          back here.
        </p>
      )
    case 'off':
      return (
        <>
          <p>Get a gentle nudge at the times you choose below. Your browser will ask first.</p>
          <button type="button" class="button button--primary" aria-busy={busy} onClick={onOn}>
            Turn on reminders
          </button>
        </>
      )
    case 'on':
      return (
        <>
          <p>This device gets reminders.</p>
          <div class="card__actions">
            <button type="button" class="button button--quiet" aria-busy={busy} onClick={onTest}>
              Send a test notification
            </button>
            <button type="button" class="button button--quiet" aria-busy={busy} onClick={onOff}>
              Turn off on this device
            </button>
          </div>
        </>
      )
  }
}
