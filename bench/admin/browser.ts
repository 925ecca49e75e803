import type { BrowserContext, Page, Request } from '@playwright/test'

import { chromium } from '@playwright/test'

import { type Summary, summarize } from '../events/stats'
import type { Viewer } from './listViews'

/** The flags the app's browser tests run Chromium with (playwright.config.ts). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage']

export type PageVisit = {
  /** From the navigation's start until the list's first row is visible. */
  rowsVisibleMs: number
  /** From the navigation timing: request sent to first byte (the server's render, Next streaming the page). */
  firstByteMs: number
  /** Request sent to the document's last byte. */
  documentMs: number
  domContentLoadedMs: number
  rows: number
  /**
   * What the page asked the server for besides the document and static files, until `load`:
   * the list's data comes with the document (rendered on the server), not from a REST call.
   */
  otherRequests: string[]
}

export type PageTiming = {
  viewer: Viewer
  collection: string
  path: string
  visits: PageVisit[]
  rowsVisible: Summary
  firstByte: Summary
  /** The list's own count ("1-10 of 200000"), as the page shows it. */
  pageInfo: string
}

/**
 * Signs in as the login form does, through the users collection's login endpoint, from the
 * browser's own context: the session cookie it sets is the page's from then on. (Typing into
 * the form before React has hydrated it, on a busy machine, loses the input.)
 */
const logIntoAdmin = async (context: BrowserContext, { email, password }: { email: string; password: string }): Promise<void> => {
  const response = await context.request.post('/api/users/login', { data: { email, password } })
  if (!response.ok()) {
    throw new Error(`${email} could not sign in (${response.status()}).`)
  }
  const page = await context.newPage()
  await page.goto('/admin', { waitUntil: 'commit' })
  await page.getByRole('heading', { name: 'Collections' }).waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
    throw new Error(`${email} is not on the dashboard after signing in (at ${page.url()}): ${String(error).split('\n')[0]}`)
  })
  await page.close()
}

const visit = async (page: Page, path: string, timeoutMs: number): Promise<PageVisit> => {
  const otherRequests: string[] = []
  const target = new URL(path, 'http://x').pathname
  const record = (request: Request) => {
    const url = new URL(request.url())
    if (!url.pathname.startsWith('/_next/static/') && !(request.isNavigationRequest() && url.pathname === target)) {
      otherRequests.push(`${request.method()} ${url.pathname}${url.search}`)
    }
  }
  page.on('request', record)
  const started = performance.now()
  await page.goto(path, { waitUntil: 'commit', timeout: timeoutMs })
  const rows = page.locator('table tbody tr')
  await rows.first().waitFor({ state: 'visible', timeout: timeoutMs })
  const rowsVisibleMs = performance.now() - started
  // The document may still be streaming when its rows show: its last byte is known at `load`.
  await page.waitForLoadState('load', { timeout: timeoutMs })
  const navigation = await page.evaluate(() => {
    const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[]
    return entry ? { requestStart: entry.requestStart, responseStart: entry.responseStart, responseEnd: entry.responseEnd, domContentLoaded: entry.domContentLoadedEventEnd, start: entry.startTime } : undefined
  })
  page.off('request', record)
  const round = (ms: number) => Math.round(ms)
  return {
    rowsVisibleMs: round(rowsVisibleMs),
    firstByteMs: navigation ? round(navigation.responseStart - navigation.requestStart) : Number.NaN,
    documentMs: navigation ? round(navigation.responseEnd - navigation.requestStart) : Number.NaN,
    domContentLoadedMs: navigation ? round(navigation.domContentLoaded - navigation.start) : Number.NaN,
    rows: await rows.count(),
    otherRequests,
  }
}

type Args = {
  baseUrl: string
  people: { viewer: Viewer; email: string; password: string }[]
  /** Admin paths of the list views, by collection slug. */
  pages: { collection: string; path: string }[]
  /** Timed visits per page, after one unrecorded visit (Next compiles nothing in production, but caches warm up). */
  visits: number
  timeoutMs: number
  log: (line: string) => void
}

/**
 * Opens each list view in Chromium as each person, signed in through the admin panel's own
 * form, and times the page until the table's rows are visible, with the navigation timing's
 * first byte (the server-side render) beside it.
 */
export const timeAdminPages = async ({ baseUrl, people, pages, visits, timeoutMs, log }: Args): Promise<PageTiming[]> => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  const timings: PageTiming[] = []
  try {
    for (const person of people) {
      const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 } })
      try {
        await logIntoAdmin(context, person)
        const page = await context.newPage()
        for (const { collection, path } of pages) {
          await visit(page, path, timeoutMs)
          const measured: PageVisit[] = []
          for (let i = 0; i < visits; i++) {
            measured.push(await visit(page, path, timeoutMs))
          }
          const pageInfo = ((await page.locator('.page-controls__page-info').first().textContent({ timeout: 2_000 }).catch(() => '')) ?? '').trim()
          const timing: PageTiming = {
            viewer: person.viewer,
            collection,
            path,
            visits: measured,
            rowsVisible: summarize(measured.map((v) => v.rowsVisibleMs)),
            firstByte: summarize(measured.map((v) => v.firstByteMs)),
            pageInfo,
          }
          timings.push(timing)
          log(`browser ${person.viewer} ${path}: rows visible ${measured.map((v) => v.rowsVisibleMs).join(' / ')} ms, first byte ${measured.map((v) => v.firstByteMs).join(' / ')} ms, ` +
            `${measured[0]?.rows} rows, "${pageInfo}", other requests: ${measured[0]?.otherRequests.join(', ') || 'none'}`)
        }
      } finally {
        await context.close()
      }
    }
  } finally {
    await browser.close()
  }
  return timings
}
