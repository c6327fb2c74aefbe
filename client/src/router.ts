// A tiny router over the History API: the path is the state.
//
// navigate() pushes (or replaces) a history entry and tells subscribers; the browser's back and
// forward buttons arrive as popstate. Which screen a path shows depends on whether someone is
// signed in (screenFor); App.tsx then makes the address bar match.

import { useEffect, useState } from 'preact/hooks'

export type Screen = 'signin' | 'signup' | 'today' | 'history' | 'reminders' | 'recap' | 'intention' | 'review'

export const PATHS: Readonly<Record<Screen, string>> = {
  signin: '/signin',
  signup: '/signup',
  today: '/today',
  history: '/history',
  reminders: '/reminders',
  recap: '/recap',
  intention: '/intention',
  review: '/week',
}

// Signed-in screens other than Today.
const SIGNED_IN: Readonly<Record<string, Screen>> = {
  [PATHS.history]: 'history',
  [PATHS.reminders]: 'reminders',
  [PATHS.recap]: 'recap',
  [PATHS.intention]: 'intention',
  [PATHS.review]: 'review',
  '/review': 'review', // the old placeholder's path: now the weekly review
}

// /week/2026-W47: one week's review (any 2-digit week; the screen checks it is a real one).
const WEEK_PATH = /^\/week\/\d{4}-W\d{2}$/

/**
 * The screen a path shows. Signed in, a known path shows its screen and every other path
 * Today; signed out, /signup shows sign-up and everything else sign-in.
 */
export function screenFor(path: string, signedIn: boolean): Screen {
  if (signedIn) return WEEK_PATH.test(path) ? 'review' : (SIGNED_IN[path] ?? 'today')
  return path === PATHS.signup ? 'signup' : 'signin'
}

/** The address bar's path for a screen: its own path, except that a week's review keeps the
 *  week in it (/week/2026-W47). */
export function canonicalPath(screen: Screen, path: string): string {
  return screen === 'review' && WEEK_PATH.test(path) ? path : PATHS[screen]
}

type Listener = (path: string) => void
const listeners = new Set<Listener>()

export function currentPath(): string {
  return window.location.pathname
}

export function navigate(path: string, { replace = false } = {}): void {
  if (path === currentPath()) return
  if (replace) history.replaceState(null, '', path)
  else history.pushState(null, '', path)
  notify()
}

function notify(): void {
  const path = currentPath()
  for (const listener of listeners) listener(path)
}

/** The current path, re-rendering the caller whenever it changes. */
export function usePath(): string {
  const [path, setPath] = useState(currentPath)
  useEffect(() => {
    listeners.add(setPath)
    window.addEventListener('popstate', notify)
    setPath(currentPath()) // in case it changed between render and effect
    return () => {
      listeners.delete(setPath)
      window.removeEventListener('popstate', notify)
    }
  }, [])
  return path
}

/**
 * Click handler for in-app links: plain left clicks navigate without a page load; clicks with a
 * modifier (new tab, new window) are left to the browser.
 */
export function followLink(event: MouseEvent): void {
  const anchor = event.currentTarget
  if (!(anchor instanceof HTMLAnchorElement)) return
  if (event.defaultPrevented || event.button !== 0) return
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
  if (anchor.origin !== window.location.origin) return
  event.preventDefault()
  navigate(anchor.pathname + anchor.search + anchor.hash)
}
