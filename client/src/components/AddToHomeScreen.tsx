// "Add to Home Screen": on an iPhone or iPad in Safari (not installed), iOS gives reminders
// only to web apps opened from the Home Screen, so this says how, in two steps. Shown by the
// Reminders screen and by Today; `onlyOnIOS` renders nothing elsewhere.

import { browserEnv, detectSupport } from '../push/support'

export function needsHomeScreen(): boolean {
  return detectSupport(browserEnv()) === 'ios-install'
}

export function AddToHomeScreen({ onlyOnIOS = false }: { onlyOnIOS?: boolean }) {
  if (onlyOnIOS && !needsHomeScreen()) return null
  return (
    <p class="add-home">
      Add Small Wins to your Home Screen to get reminders: in Safari, tap Share, then “Add to Home Screen”. Open
      Small Wins from there and come back to this page.
    </p>
  )
}
