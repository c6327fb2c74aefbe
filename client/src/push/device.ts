// A short, human name for this browser, e.g. "Chrome on Android", shown in the list of
// devices that get reminders. Only a label: nothing depends on it being exact.

const BROWSERS: readonly [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/CriOS\/|Chrome\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
]

const SYSTEMS: readonly [RegExp, string][] = [
  [/Android/, 'Android'],
  [/iPhone|iPod/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/CrOS/, 'ChromeOS'],
  [/Windows/, 'Windows'],
  [/Macintosh|Mac OS X/, 'Mac'],
  [/Linux/, 'Linux'],
]

export function deviceLabel(userAgent: string, maxTouchPoints = 0): string {
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? 'Browser'
  let system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null
  // iPadOS asks for desktop sites and says "Macintosh"; only the touch screen gives it away.
  if (system === 'Mac' && maxTouchPoints > 1) system = 'iPad'
  return (system === null ? browser : `${browser} on ${system}`).slice(0, 80)
}
