/// <reference lib="webworker" />
// The service worker only wires events; what it shows and where it goes live beside it
// (push/payload.ts). It never caches /api and never holds data: records live in IndexedDB.
//
// - Precache the built app shell (the list is injected at build time as self.__WB_MANIFEST)
//   and drop caches left by older versions.
// - Navigations get the precached index.html, so any app path opens offline; /api/ is
//   excluded and always goes to the network.
// - Updates wait: no skipWaiting() on install. The page sends {type: 'SKIP_WAITING'} only
//   after the person taps "Reload", so old and new code never mix under a half-typed win.
// - Background Sync: a `sync` event (registered by the page when a write could not be sent)
//   runs sync/background.ts: an open window syncs, or the worker does it itself.
// - Every push shows a notification (browsers revoke silent pushes); a click focuses an open
//   window and routes it in-app, or opens a new one at the deep link. What is shown and where
//   a click goes: push/notification.ts.
// - pushsubscriptionchange: subscribe again and tell the server (push/resubscribe.ts).

import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { clickTarget, notificationOptions } from './push/notification'
import { readPushPayload, type NavigateMessage } from './push/payload'
import { renewSubscription } from './push/resubscribe'
import { INDEX_KEYS } from './collections'
import { backgroundSync } from './sync/background'
import { SYNC_TAG } from './sync/tags'

declare let self: ServiceWorkerGlobalScope

precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()

registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    // /s/<token> is a shared page the server renders: never the app's shell.
    denylist: [/^\/api(\/|$)/, /^\/s\//],
  }),
)

self.addEventListener('message', (event) => {
  const data: unknown = event.data
  if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING') {
    void self.skipWaiting()
  }
})

// Take control of pages that opened before the first install finished, so the very first
// visit already works offline. (An update reaches open pages when it activates, after consent.)
self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim())
})

interface SyncEventLike extends ExtendableEvent {
  readonly tag: string
}

self.addEventListener('sync', (event) => {
  const sync = event as SyncEventLike
  if (sync.tag === SYNC_TAG) sync.waitUntil(backgroundSync(self.clients, INDEX_KEYS))
})

self.addEventListener('push', (event) => {
  const payload = readPushPayload(readPushData(event.data))
  event.waitUntil(
    self.registration.showNotification(payload.title, notificationOptions(payload)),
  )
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  event.waitUntil(openApp(clickTarget(event.action, event.notification.data)))
})

self.addEventListener('pushsubscriptionchange', (event) => {
  const { oldSubscription, newSubscription } = event
  event.waitUntil(
    renewSubscription(self.registration.pushManager, oldSubscription, newSubscription, self.navigator.userAgent),
  )
})

function readPushData(data: PushMessageData | null): unknown {
  if (data === null) return null
  try {
    return data.json() as unknown
  } catch {
    return { body: data.text() } // plain text push: show it under the default title
  }
}

/**
 * Focus an open window of the app and let its router go to `path` (a message, not a reload,
 * so nothing typed there is lost); with no window open, open one at `path`.
 */
async function openApp(path: string): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
  const target = new URL(path, self.location.origin).href
  const client = windows.find((c) => c.url === target) ?? windows.find((c) => c.focused) ?? windows[0]
  if (client === undefined) {
    await self.clients.openWindow(path)
    return
  }
  const message: NavigateMessage = { type: 'NAVIGATE', url: path }
  client.postMessage(message)
  try {
    await client.focus()
  } catch {
    // Focusing needs the click's user activation; without it the window still navigated.
  }
}
