import { defineConfig } from '@playwright/test'

/**
 * End-to-end tests against the app as `npm start` serves it: globalSetup builds
 * (when stale), migrates and seeds a fresh database, starts the server and sets
 * E2E_BASE_URL; its returned function stops both.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.e2e.spec.ts',
  globalSetup: './tests/e2e/globalSetup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // Locally too: a focused test left in would quietly drop every other one.
  forbidOnly: true,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: 'list',
  use: {
    baseURL: process.env.E2E_BASE_URL,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
})
