// The shell: who is signed in decides which screen a path shows.
//
// On start GET /api/v1/auth/me asks the server. With no answer (offline) but a User cached on
// this device, the app opens in offline mode and the session is checked again when the browser
// comes back online. Paths are made canonical: signed in, a known screen's path shows that screen
// and anything else shows /today; signed out, everything but /signup shows /signin (the data on
// the device is kept, so signing in again picks up where it left off).

import { useCallback, useEffect, useMemo, useState } from 'preact/hooks'
import { ApiError } from './api'
import { INDEX_KEYS } from './collections'
import { isNavigateMessage } from './push/payload'
import { canonicalPath, isReturning, markReturning, navigate, PATHS, recordIdIn, screenFor, usePath } from './router'
import { cachedUser, fetchMe, forget, type User } from './session'
import { closeStore, openStore } from './sync/store'
import { History } from './screens/History'
import { GoalPage, ValuePage } from './screens/Goal'
import { Goals } from './screens/Goals'
import { Intention } from './screens/Intention'
import { Pause } from './screens/Pause'
import { Recap } from './screens/Recap'
import { Reminders } from './screens/Reminders'
import { ResetPassword } from './screens/ResetPassword'
import { Settings } from './screens/Settings'
import { Shares } from './screens/Shares'
import { SignIn } from './screens/SignIn'
import { SignUp } from './screens/SignUp'
import { Start } from './screens/Start'
import { Today } from './screens/Today'
import { Year } from './screens/Year'
import { Week } from './screens/Week'
import { UpdatePrompt } from './components/UpdatePrompt'

type Auth =
  | { state: 'checking' }
  | { state: 'signed-out' }
  | { state: 'signed-in'; user: User; offline: boolean }

async function checkSession(): Promise<Auth> {
  try {
    return { state: 'signed-in', user: await fetchMe(), offline: false }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      forget()
      return { state: 'signed-out' }
    }
    // No answer (OfflineError) or a server hiccup: open the shell from the cached copy.
    const user = cachedUser()
    return user === null ? { state: 'signed-out' } : { state: 'signed-in', user, offline: true }
  }
}

export function App() {
  const path = usePath()
  const [auth, setAuth] = useState<Auth>({ state: 'checking' })

  useEffect(() => {
    void checkSession().then(setAuth)
  }, [])

  // Offline with a cached user: ask again when the network comes back.
  const offline = auth.state === 'signed-in' && auth.offline
  useEffect(() => {
    if (!offline) return
    const recheck = () => void checkSession().then(setAuth)
    window.addEventListener('online', recheck)
    return () => window.removeEventListener('online', recheck)
  }, [offline])

  // A notification click in the service worker routes this window without reloading it.
  useEffect(() => {
    const sw = navigator.serviceWorker as ServiceWorkerContainer | undefined
    if (sw === undefined) return
    const onMessage = (event: MessageEvent) => {
      if (isNavigateMessage(event.data)) navigate(event.data.url)
    }
    sw.addEventListener('message', onMessage)
    return () => sw.removeEventListener('message', onMessage)
  }, [])

  // The signed-in account's local database, opened before its screens render. When the server
  // says the session ended (401 while syncing), the data and outbox stay on this device and
  // sync resumes once the same person signs in again. Opened while rendering (idempotent per
  // account) rather than in an effect, so the first frame after signing in already shows Today.
  const userId = auth.state === 'signed-in' ? auth.user.id : null
  const [sessionEnded, setSessionEnded] = useState(false)
  const ready = useMemo(() => {
    if (userId === null) {
      closeStore()
      return false
    }
    openStore(userId, INDEX_KEYS, () => {
      forget()
      setSessionEnded(true)
      setAuth({ state: 'signed-out' })
    })
    return true
  }, [userId])

  const screen = auth.state === 'checking' ? null : screenFor(path, auth.state === 'signed-in', isReturning())
  useEffect(() => {
    if (screen !== null && canonicalPath(screen, path) !== path) navigate(canonicalPath(screen, path), { replace: true })
  }, [screen, path])

  const enter = useCallback((user: User, path: string) => {
    setSessionEnded(false)
    markReturning()
    setAuth({ state: 'signed-in', user, offline: false })
    navigate(path)
  }, [])
  const userChanged = useCallback((user: User) => setAuth({ state: 'signed-in', user, offline: false }), [])
  const signedIn = useCallback((user: User) => enter(user, PATHS.today), [enter])
  // A new account gets the optional start (first win, evening recap) before Today.
  const signedUp = useCallback((user: User) => enter(user, PATHS.start), [enter])
  const signedOut = useCallback(() => {
    forget() // also when the server said the session had already ended
    setAuth({ state: 'signed-out' })
    navigate(PATHS.signin)
  }, [])

  return (
    <>
      {auth.state === 'checking' && (
        <main class="page page--center">
          <h1 class="visually-hidden">Small Wins</h1>
          <p role="status">Opening Small Wins…</p>
        </main>
      )}
      {screen === 'signin' && sessionEnded && (
        <p class="notice notice--top" role="status">
          Your session ended. Sign in again — your wins are safe on this device.
        </p>
      )}
      {screen === 'signin' && <SignIn onSignedIn={signedIn} />}
      {screen === 'signup' && <SignUp onSignedUp={signedUp} />}
      {screen === 'today' && auth.state === 'signed-in' && ready && (
        <Today user={auth.user} onSignedOut={signedOut} />
      )}
      {screen === 'history' && auth.state === 'signed-in' && ready && (
        <History user={auth.user} onSignedOut={signedOut} />
      )}
      {screen === 'reminders' && auth.state === 'signed-in' && ready && (
        <Reminders user={auth.user} onSignedOut={signedOut} />
      )}
      {screen === 'recap' && auth.state === 'signed-in' && ready && <Recap user={auth.user} onSignedOut={signedOut} />}
      {screen === 'intention' && auth.state === 'signed-in' && ready && (
        <Intention user={auth.user} onSignedOut={signedOut} />
      )}
      {screen === 'review' && auth.state === 'signed-in' && ready && (
        <Week user={auth.user} path={path} onSignedOut={signedOut} />
      )}
      {screen === 'goals' && auth.state === 'signed-in' && ready && <Goals user={auth.user} onSignedOut={signedOut} />}
      {screen === 'goal' && auth.state === 'signed-in' && ready && (
        <GoalPage id={recordIdIn(path) ?? ''} user={auth.user} onSignedOut={signedOut} />
      )}
      {screen === 'value' && auth.state === 'signed-in' && ready && (
        <ValuePage id={recordIdIn(path) ?? ''} user={auth.user} onSignedOut={signedOut} />
      )}
      {screen === 'settings' && auth.state === 'signed-in' && ready && (
        <Settings user={auth.user} onUserChanged={userChanged} onSignedOut={signedOut} />
      )}
      {screen === 'reset' && <ResetPassword onSignedIn={signedIn} />}
      {screen === 'pause' && auth.state === 'signed-in' && ready && <Pause user={auth.user} onSignedOut={signedOut} />}
      {screen === 'start' && auth.state === 'signed-in' && ready && <Start user={auth.user} onSignedOut={signedOut} />}
      {screen === 'shares' && auth.state === 'signed-in' && ready && (
        <Shares user={auth.user} onSignedOut={signedOut} />
      )}
      {screen === 'year' && auth.state === 'signed-in' && ready && <Year user={auth.user} onSignedOut={signedOut} />}
      <UpdatePrompt />
    </>
  )
}
