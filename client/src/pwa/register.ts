// Service worker registration with "prompt" updates.
//
// vite-plugin-pwa's registerSW() (workbox-window underneath) registers /sw.js. When a new
// version is installed and waiting, onNeedRefresh lets the UI ask; only when the person taps
// "Reload" do we send {type: 'SKIP_WAITING'}, and the page reloads once the new worker controls
// it. If another tab's person agreed first, this tab's controller changes too, but it does not
// reload on its own: it keeps (or shows) the prompt until someone taps here.

import { useEffect, useState } from 'preact/hooks'
import { registerSW } from 'virtual:pwa-register'

type Listener = (waiting: boolean) => void

let updateWaiting = false
let agreed = false
let applyUpdate: ((reloadPage?: boolean) => Promise<void>) | null = null
const listeners = new Set<Listener>()

function setWaiting(value: boolean): void {
  updateWaiting = value
  for (const listener of listeners) listener(value)
}

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return
  applyUpdate = registerSW({
    onNeedRefresh: () => setWaiting(true),
    onNeedReload: () => {
      if (agreed) window.location.reload()
      else setWaiting(true)
    },
    onRegisterError: (error: unknown) => console.warn('Service worker registration failed', error),
  })
  // Let messages from the worker (e.g. notification clicks) arrive as soon as we listen.
  navigator.serviceWorker.startMessages()
}

/** The person tapped "Reload": activate the waiting version, then reload. */
export async function reloadForUpdate(): Promise<void> {
  agreed = true
  const registration = await navigator.serviceWorker.getRegistration()
  if (registration?.waiting && applyUpdate !== null) {
    await applyUpdate() // posts SKIP_WAITING; onNeedReload reloads once the new worker controls
  } else {
    window.location.reload() // another tab already activated it: only this page is old
  }
}

export function dismissUpdate(): void {
  setWaiting(false)
}

/** Whether a fresh version is waiting for the person's go-ahead. */
export function useUpdateWaiting(): boolean {
  const [waiting, setLocal] = useState(updateWaiting)
  useEffect(() => {
    listeners.add(setLocal)
    setLocal(updateWaiting)
    return () => {
      listeners.delete(setLocal)
    }
  }, [])
  return waiting
}
