import preact from '@preact/preset-vite'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

// Calm, high-contrast palette shared with src/styles.css and scripts/make-icons.py.
const THEME_COLOR = '#0f5e5a'
const BACKGROUND_COLOR = '#fffbf5'

export default defineConfig({
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // A new version waits until the person taps "Reload" (src/pwa/register.ts), so an
      // update never drops a half-typed win.
      registerType: 'prompt',
      // Registered from main.tsx through virtual:pwa-register; nothing is injected into
      // index.html (the CSP allows no inline script).
      injectRegister: false,
      includeAssets: ['icons/apple-touch-icon-180.png', 'icons/icon-32.png'],
      manifest: {
        id: '/',
        name: 'Small Wins',
        short_name: 'Small Wins',
        description: 'Notice and keep the small things that went well today.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        lang: 'en',
        background_color: BACKGROUND_COLOR,
        theme_color: THEME_COLOR,
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      // The dev service worker is off by default; set enabled: true to try it with `npm run dev`
      // (injectManifest serves it as an ES module in dev, hence type: 'module').
      devOptions: {
        enabled: false,
        type: 'module',
        navigateFallback: 'index.html',
      },
    }),
  ],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:5000', changeOrigin: false },
    },
  },
})
