// "Pause for a week" and "Resume": one fact about the person, kept by the server, so it goes
// through the API rather than sync (and needs a connection).

import { useState } from 'preact/hooks'
import { api, request } from '../api'
import { describeFailure } from '../lib/failure'
import type { Overview } from '../collections/reminders'

const PAUSE_PATH = '/api/v1/reminders/pause'

interface PauseProps {
  pausedUntil: string | null
  until: (iso: string) => string
  onChanged: (overview: Overview) => void
}

export function ReminderPause({ pausedUntil, until, onChanged }: PauseProps) {
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  async function change(send: () => Promise<Overview>) {
    if (busy) return
    setBusy(true)
    setProblem(null)
    try {
      onChanged(await send())
    } catch (error) {
      setProblem(describeFailure(error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="card" aria-labelledby="pause-heading">
      <h2 id="pause-heading">Need a break?</h2>
      {pausedUntil === null ? (
        <>
          <p>Pause every reminder for a week. Your wins and settings stay just as they are.</p>
          <button
            type="button"
            class="button button--quiet"
            aria-busy={busy}
            onClick={() => void change(() => api.post<Overview>(PAUSE_PATH, { days: 7 }))}
          >
            Pause for a week
          </button>
        </>
      ) : (
        <>
          <p role="status">Reminders are paused until {until(pausedUntil)}. Take all the time you need.</p>
          <button
            type="button"
            class="button button--quiet"
            aria-busy={busy}
            onClick={() => void change(() => request<Overview>('DELETE', PAUSE_PATH))}
          >
            Resume
          </button>
        </>
      )}
      <div role="alert" class="form-alert">
        {problem}
      </div>
    </section>
  )
}
