// What the page and the service worker both send about a push subscription. Plain functions
// over types both the DOM and the WebWorker libraries know (PushSubscription, fetch).

import { deviceLabel } from './device'

export const KEY_PATH = '/api/v1/push/key'
export const SUBSCRIPTIONS_PATH = '/api/v1/push/subscriptions'
export const TEST_PATH = '/api/v1/push/test'

/** The VAPID public key as pushManager.subscribe() wants it (base64url → bytes). */
export function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=')
  const binary = atob(base64)
  const bytes = new Uint8Array(new ArrayBuffer(binary.length))
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Does an existing subscription use this server key? (After a key rotation it must be redone.) */
export function sameKey(subscription: PushSubscription, key: Uint8Array): boolean {
  const current = subscription.options.applicationServerKey
  if (current === null) return false
  const a = new Uint8Array(current)
  return a.length === key.length && a.every((byte, i) => byte === key[i])
}

/** POST /api/v1/push/subscriptions body: PushSubscription.toJSON() as is, plus a label. */
export function subscriptionBody(subscription: PushSubscription, userAgent: string, maxTouchPoints = 0): unknown {
  return { ...subscription.toJSON(), device_label: deviceLabel(userAgent, maxTouchPoints) }
}
