// What the service worker shows for a push and where a click goes. Pure, so it is tested in
// Node; sw.ts only calls showNotification() and openApp() with the results.

import { DEFAULT_PUSH, safePath, type PushPayload } from './payload'

/** The "Log a win" button on a notification (Chromium shows actions; others ignore them). */
export const LOG_ACTION = 'log'
export const CAPTURE_PATH = '/today?capture=1'

/** NotificationOptions plus `actions`, which TypeScript's lib leaves out (not every browser). */
export interface ShownOptions extends NotificationOptions {
  actions: { action: string; title: string }[]
}

export function notificationOptions(payload: PushPayload): ShownOptions {
  return {
    body: payload.body,
    // Same tag replaces: a second evening recap never piles up under the first.
    tag: payload.tag,
    data: { url: payload.url },
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
    actions: [{ action: LOG_ACTION, title: 'Log a win' }],
  }
}

/** The in-app path a click opens: the "Log a win" action, the notification's deep link, or
 *  Today when the data is missing or points elsewhere. */
export function clickTarget(action: string, data: unknown): string {
  if (action === LOG_ACTION) return CAPTURE_PATH
  const url = typeof data === 'object' && data !== null ? (data as { url?: unknown }).url : undefined
  return typeof url === 'string' ? safePath(url) : DEFAULT_PUSH.url
}
