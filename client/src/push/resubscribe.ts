// pushsubscriptionchange, for the service worker: the browser (or push service) replaced or
// dropped this device's subscription without the page being open. Subscribe again with the
// server's current key, tell the server the new endpoint and forget the old one, so reminders
// keep arriving. (Firefox fires this event; Chromium currently does not, and there a dropped
// subscription is noticed the next time the Reminders screen opens.)
//
// The worker has no api.ts: it asks for a CSRF token itself (same-origin, so the session
// cookie goes along) and sends it like the page does. Signed out (401), it stops quietly.

import { applicationServerKey, KEY_PATH, subscriptionBody, SUBSCRIPTIONS_PATH } from './wire'

const CSRF_PATH = '/api/v1/auth/csrf'

export async function renewSubscription(
  pushManager: PushManager,
  old: PushSubscription | null,
  fresh: PushSubscription | null,
  userAgent: string,
): Promise<void> {
  let subscription = fresh
  if (subscription === null) {
    const key = await getJson<{ public_key: string }>(KEY_PATH)
    subscription = await pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: applicationServerKey(key.public_key),
    })
  }
  const { csrf_token: csrf } = await getJson<{ csrf_token: string }>(CSRF_PATH)
  await send('POST', SUBSCRIPTIONS_PATH, subscriptionBody(subscription, userAgent), csrf)
  if (old !== null && old.endpoint !== subscription.endpoint) {
    // 404 means the server had already let it go: fine.
    await send('DELETE', SUBSCRIPTIONS_PATH, { endpoint: old.endpoint }, csrf, [404])
  }
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`)
  return (await response.json()) as T
}

async function send(method: 'POST' | 'DELETE', path: string, body: unknown, csrf: string, fine: number[] = []): Promise<void> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
    body: JSON.stringify(body),
  })
  if (!response.ok && !fine.includes(response.status)) throw new Error(`${method} ${path} answered ${response.status}`)
}
