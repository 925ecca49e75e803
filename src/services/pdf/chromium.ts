import puppeteer, { type Browser } from 'puppeteer-core'

import { settings } from '@/settings'

/** Chromium as root in a container needs no sandbox; the rest keeps it off the network. */
const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--font-render-hinting=none',
]

let browser: Promise<Browser> | undefined

/** One browser per process, started on first use and started again if it died. */
const sharedBrowser = async (): Promise<Browser> => {
  const known = browser
  if (known) {
    const current = await known.catch(() => undefined)
    if (current?.connected) {
      return current
    }
    // Another caller may already have started the replacement while this one waited.
    if (browser !== known) {
      return sharedBrowser()
    }
  }
  // Signals are the server's to handle; puppeteer still kills Chromium when the process exits.
  browser = puppeteer.launch({
    executablePath: settings.chromiumPath,
    args: ARGS,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  })
  return browser
}

/**
 * Renders a self-contained HTML page (no outside requests: everything is inline) to a
 * PDF. Requests leaving the page are blocked, so a template can never fetch anything.
 */
export const renderPdf = async (html: string, options: { landscape?: boolean } = {}): Promise<Buffer> => {
  const page = await (await sharedBrowser()).newPage()
  try {
    await page.setJavaScriptEnabled(false)
    await page.setRequestInterception(true)
    page.on('request', (request) => {
      if (request.url().startsWith('data:')) {
        void request.continue()
      } else {
        void request.abort()
      }
    })
    await page.setContent(html, { waitUntil: 'load' })
    const pdf = await page.pdf({ format: 'A4', landscape: options.landscape ?? true, printBackground: true, preferCSSPageSize: true })
    return Buffer.from(pdf)
  } finally {
    await page.close().catch(() => undefined)
  }
}

/** Closes the shared browser (tests, shutdown); the next render starts a new one. */
export const closeBrowser = async (): Promise<void> => {
  const current = await browser?.catch(() => undefined)
  browser = undefined
  await current?.close().catch(() => undefined)
}
