// Shared links: what the person has shared, with whom and until when; closing one makes its
// page answer "not found" at once. Needs the server: offline it says so and keeps nothing.
// Your data (export and import) sits here too until Settings takes it in.

import { useEffect, useState } from 'preact/hooks'
import { api } from '../api'
import { describeFailure } from '../lib/failure'
import { whenText } from '../lib/reminderText'
import { describeShare, type Share } from '../lib/shares'
import { PATHS } from '../router'
import type { User } from '../session'
import { useOnline } from '../sync/live'
import { AppHeader } from '../components/AppHeader'
import { Link } from '../components/Link'
import { Page } from '../components/Page'

export function Shares({ user, onSignedOut }: { user: User; onSignedOut: () => void }) {
  const online = useOnline()
  const [shares, setShares] = useState<Share[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => {
    if (!online) return
    let live = true
    api
      .get<{ shares: Share[] }>('/api/v1/shares')
      .then((answer) => live && setShares(answer.shares))
      .catch((error: unknown) => live && setProblem(describeFailure(error).message))
    return () => {
      live = false
    }
  }, [online])

  async function close(share: Share) {
    setProblem(null)
    try {
      await api.delete(`/api/v1/shares/${share.id}`)
      setShares((list) => (list ?? []).filter((item) => item.id !== share.id))
    } catch (error) {
      setProblem(describeFailure(error).message)
    }
  }

  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="Shared links">
        <p class="page__subtitle">
          <Link href={PATHS.today}>Back to Today</Link>
        </p>
        <section class="card" aria-labelledby="shares-heading">
          <h2 id="shares-heading">Open links</h2>
          <p class="field__hint">Share a win or a day from its Share button. Each link shows only that.</p>
          {!online && <p class="notice">Your shared links show when you’re online.</p>}
          {problem !== null && (
            <p class="form-alert" role="alert">
              {problem}
            </p>
          )}
          {shares !== null && shares.length === 0 && <p class="empty">Nothing is shared right now.</p>}
          {shares !== null && shares.length > 0 && (
            <ul class="shares">
              {shares.map((share) => (
                <li key={share.id} class="shares__item">
                  <div>
                    <p class="shares__what">
                      {describeShare(share)} — for {share.recipient}
                    </p>
                    <p class="field__hint">
                      {share.expires_at === null ? 'Open until you close it' : `Open until ${whenText(share.expires_at, user.time_zone)}`}
                    </p>
                  </div>
                  <button type="button" class="button button--quiet" onClick={() => void close(share)}>
                    Close link<span class="visually-hidden"> for {share.recipient}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </Page>
    </>
  )
}
