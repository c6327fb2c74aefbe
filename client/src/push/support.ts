// Can this browser get reminders, and if not, what would help?
//
//   'supported'    service worker, PushManager and Notification are all here
//   'ios-install'  iPhone or iPad in the browser: iOS only gives Web Push to web apps added to
//                  the Home Screen (iOS 16.4+), so the answer is "add it", not "unsupported"
//   'unsupported'  no Web Push at all (an old browser, or iOS before 16.4 even when installed)

export type Support = 'supported' | 'ios-install' | 'unsupported'

export interface SupportEnv {
  userAgent: string
  maxTouchPoints: number
  /** Safari's navigator.standalone: true when opened from the Home Screen. */
  standalone: boolean | undefined
  /** matchMedia('(display-mode: standalone)') matches. */
  displayStandalone: boolean
  serviceWorker: boolean
  pushManager: boolean
  notification: boolean
}

export function isIOS(userAgent: string, maxTouchPoints: number): boolean {
  // iPadOS reports itself as a Mac; a Mac has no touch screen.
  return /iPhone|iPad|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1)
}

export function detectSupport(env: SupportEnv): Support {
  const installed = env.standalone === true || env.displayStandalone
  if (isIOS(env.userAgent, env.maxTouchPoints) && !installed) return 'ios-install'
  if (!env.serviceWorker || !env.pushManager || !env.notification) return 'unsupported'
  return 'supported'
}

export function browserEnv(): SupportEnv {
  const nav = navigator as Navigator & { standalone?: boolean }
  return {
    userAgent: nav.userAgent,
    maxTouchPoints: nav.maxTouchPoints,
    standalone: nav.standalone,
    displayStandalone: typeof matchMedia === 'function' && matchMedia('(display-mode: standalone)').matches,
    serviceWorker: 'serviceWorker' in nav,
    pushManager: 'PushManager' in window,
    notification: 'Notification' in window,
  }
}
