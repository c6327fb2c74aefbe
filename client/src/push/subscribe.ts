// This device and reminders: turn them on (permission → subscribe → tell the server), check,
// turn off, and send a test. Page-side only; the service worker renews subscriptions itself
// (resubscribe.ts).
//
// The permission prompt is only ever asked from turnOn(), which the Reminders screen calls
// from the "Turn on reminders" tap: a prompt out of the blue is the surest way to a "Block".

import { api, ApiError, request } from '../api'
import { applicationServerKey, KEY_PATH, sameKey, subscriptionBody, SUBSCRIPTIONS_PATH, TEST_PATH } from './wire'

export interface SendCounts {
  delivered: number
  failed: number
  removed: number
}

interface ServerSubscription {
  endpoint: string
  device_label: string | null
}

/** The push service could not be reached to make a subscription (e.g. no network). */
export class PushServiceError extends Error {
  override readonly name = 'PushServiceError'
}

const READY_TIMEOUT_MS = 10_000
// A push service out of reach can keep a browser waiting for good; after this the person gets
// a kind "try again later" instead of silence (ReminderDevice shows progress meanwhile).
export const SUBSCRIBE_TIMEOUT_MS = 12_000

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)
    promise.then(resolve, reject).finally(() => clearTimeout(timer))
  })
}

/** The active service worker registration, or null when none becomes ready in time. */
export async function readyRegistration(): Promise<ServiceWorkerRegistration | null> {
  if (!('serviceWorker' in navigator)) return null
  return withTimeout(navigator.serviceWorker.ready, READY_TIMEOUT_MS).catch(() => null)
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker?.getRegistration()
  return (await registration?.pushManager.getSubscription()) ?? null
}

export type TurnOnResult = 'on' | 'denied' | 'dismissed'

export async function turnOn(): Promise<TurnOnResult> {
  const permission = await Notification.requestPermission()
  if (permission === 'denied') return 'denied'
  if (permission !== 'granted') return 'dismissed' // closed the prompt: ask again only on a tap
  const registration = await readyRegistration()
  if (registration === null) throw new PushServiceError('The service worker is not ready')
  const { public_key: publicKey } = await api.get<{ public_key: string }>(KEY_PATH)
  const key = applicationServerKey(publicKey)
  let subscription = await registration.pushManager.getSubscription()
  if (subscription !== null && !sameKey(subscription, key)) {
    await subscription.unsubscribe() // made for an older server key: it would never deliver
    subscription = null
  }
  if (subscription === null) {
    try {
      // Bounded: with its push service out of reach a browser may wait here for good.
      subscription = await withTimeout(
        registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }),
        SUBSCRIBE_TIMEOUT_MS,
      )
    } catch (error) {
      throw new PushServiceError(String(error))
    }
  }
  await register(subscription)
  return 'on'
}

/** Tell the server about this device's subscription (new, or one it had lost). */
export async function register(subscription: PushSubscription): Promise<void> {
  await api.post(SUBSCRIPTIONS_PATH, subscriptionBody(subscription, navigator.userAgent, navigator.maxTouchPoints))
}

/** Does the server still send to this endpoint? */
export async function serverHas(endpoint: string): Promise<boolean> {
  const { subscriptions } = await api.get<{ subscriptions: ServerSubscription[] }>(SUBSCRIPTIONS_PATH)
  return subscriptions.some((s) => s.endpoint === endpoint)
}

/**
 * Stop reminders on this device. The browser's subscription goes first, so even offline the
 * endpoint is dead at once (the server drops it on its next send, when the push service says
 * 410); the server is told too when it can be reached.
 */
export async function turnOff(): Promise<void> {
  const subscription = await currentSubscription()
  if (subscription === null) return
  const { endpoint } = subscription
  await subscription.unsubscribe()
  try {
    await request('DELETE', SUBSCRIPTIONS_PATH, { endpoint })
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error
  }
}

export function sendTest(): Promise<SendCounts> {
  return api.post<SendCounts>(TEST_PATH)
}
