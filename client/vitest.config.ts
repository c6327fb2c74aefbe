import { defineConfig } from 'vitest/config'

// Unit tests for plain modules (API wrapper, push payloads, routing rules) in Node.
// The screens and the service worker are exercised in a real browser by tests/e2e.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
})
