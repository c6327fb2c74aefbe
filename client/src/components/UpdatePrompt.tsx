// "A fresh version is ready." The new service worker waits until the person taps Reload;
// Later hides the prompt and the old version keeps running (the new one takes over on a
// later visit, once every window of the old one is closed).

import { dismissUpdate, reloadForUpdate, useUpdateWaiting } from '../pwa/register'

export function UpdatePrompt() {
  const waiting = useUpdateWaiting()
  if (!waiting) return null
  return (
    <aside class="update" aria-labelledby="update-text">
      <p id="update-text" role="status">
        A fresh version is ready.
      </p>
      <div class="update__actions">
        <button type="button" class="button button--primary" onClick={() => void reloadForUpdate()}>
          Reload
        </button>
        <button type="button" class="button button--quiet" onClick={dismissUpdate}>
          Later
        </button>
      </div>
    </aside>
  )
}
