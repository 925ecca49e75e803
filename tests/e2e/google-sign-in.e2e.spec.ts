import { expect, type Request, test } from '@playwright/test'

import { readFixtures } from './fixtures'

const { google, south } = readFixtures()

type Me = { user: { id: number; email: string; googleSub?: string | null } | null }

test.describe('Google sign-in in a browser', () => {
  test('a person signs in through Google on another site and lands signed in on the page they asked for', async ({ page, baseURL }) => {
    if (!google) {
      throw new Error('globalSetup wrote no Google stand-in into the fixtures')
    }
    const callbacks: Request[] = []
    page.on('request', (request) => {
      if (request.url().startsWith(`${baseURL}/api/auth/google/callback`)) {
        callbacks.push(request)
      }
    })
    const me = () => page.evaluate(async () => (await (await fetch('/api/users/me')).json()) as Me)

    const returnTo = `/learn?school=${south.tenant.slug}`
    await page.goto(`/learn?school=${south.tenant.slug}`)
    expect((await me()).user).toBeNull()

    // The learner site has no Google button of its own yet: a link on its page stands in for one.
    // (An address typed into the browser would not do: its redirects all count as typed.)
    const start = `/api/auth/google?login_hint=${encodeURIComponent(google.student.sub)}&returnTo=${encodeURIComponent(returnTo)}`
    await page.evaluate((href) => {
      const link = document.createElement('a')
      link.href = href
      link.textContent = 'Sign in with Google'
      document.body.append(link)
    }, start)
    // The stand-in on 127.0.0.1 (another site, as Google is) logs the account in and
    // redirects the browser back: a cross-site top-level navigation to the callback.
    await page.getByRole('link', { name: 'Sign in with Google' }).click()
    await expect(page).toHaveURL(`${baseURL}${returnTo}`)

    expect(callbacks).toHaveLength(1)
    const sent = await callbacks[0]!.allHeaders()
    expect(sent['sec-fetch-site']).toBe('cross-site')
    expect(sent['sec-fetch-mode']).toBe('navigate')
    expect(sent.cookie).toMatch(/aqoon-google=/)

    // Signed in on the page as the existing person, now linked to that Google account.
    const { user } = await me()
    expect(user).toMatchObject({ id: south.student.id, email: south.student.email, googleSub: google.student.sub })
  })
})
