import { describe, expect, it } from 'vitest'
import { deviceLabel } from './device'
import { detectSupport, type SupportEnv } from './support'

const UA = {
  androidChrome: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  iphoneSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  ipadDesktop: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  windowsEdge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  linuxFirefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
}

describe('a device label', () => {
  it.each([
    [UA.androidChrome, 0, 'Chrome on Android'],
    [UA.iphoneSafari, 5, 'Safari on iPhone'],
    [UA.ipadDesktop, 5, 'Safari on iPad'],
    [UA.ipadDesktop, 0, 'Safari on Mac'],
    [UA.windowsEdge, 0, 'Edge on Windows'],
    [UA.linuxFirefox, 0, 'Firefox on Linux'],
    ['', 0, 'Browser'],
  ])('%#: reads as %s', (ua, touch, label) => expect(deviceLabel(ua, touch)).toBe(label))
})

describe('push support', () => {
  const env: SupportEnv = {
    userAgent: UA.androidChrome,
    maxTouchPoints: 5,
    standalone: undefined,
    displayStandalone: false,
    serviceWorker: true,
    pushManager: true,
    notification: true,
  }

  it('is there in Chrome on Android', () => expect(detectSupport(env)).toBe('supported'))

  it('on an iPhone in Safari asks to add to the Home Screen', () => {
    expect(detectSupport({ ...env, userAgent: UA.iphoneSafari, standalone: false, pushManager: false })).toBe('ios-install')
  })

  it('on an iPad posing as a Mac asks the same', () => {
    expect(detectSupport({ ...env, userAgent: UA.ipadDesktop, standalone: false })).toBe('ios-install')
  })

  it('on an installed iPhone app is there', () => {
    expect(detectSupport({ ...env, userAgent: UA.iphoneSafari, standalone: true })).toBe('supported')
  })

  it('on an installed app of an old iOS without PushManager is missing', () => {
    expect(detectSupport({ ...env, userAgent: UA.iphoneSafari, standalone: true, pushManager: false })).toBe('unsupported')
  })

  it('without a service worker is missing', () => {
    expect(detectSupport({ ...env, serviceWorker: false })).toBe('unsupported')
  })
})
