import type { Page } from '@playwright/test'

import { expect, test } from '@playwright/test'
import fs from 'node:fs'

import { logIntoAdmin } from './adminSession'
import { type FixturePerson, MANIFEST_FILE, readFixtures, SERVER_LOG } from './fixtures'

/** What a page that failed to render shows: Next's error page, or Payload's. */
const BROKEN = ['This page couldn’t load', 'Something went wrong', 'Application error']

/** Every admin page a person's navigation offers, with the edit view of a listed document and the create view where offered. */
const pagesOf = async (page: Page): Promise<string[]> => {
  await page.goto('/admin')
  const links = await page.locator('nav a[href^="/admin/"]').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href') ?? ''))
  return [...new Set(links)].filter((href) => href !== '/admin/logout')
}

const expectRendered = async (page: Page, path: string, problems: string[]): Promise<void> => {
  const response = await page.goto(path)
  expect(response?.status(), path).toBe(200)
  // The page's own template is there once it has rendered: the navigation or the login form.
  await expect(page.locator('nav, form').first(), path).toBeVisible()
  const text = await page.locator('body').innerText()
  const broken = BROKEN.find((marker) => text.includes(marker))
  if (broken) {
    problems.push(`${path}: ${broken}`)
  }
}

/** Each view a person may open: every list in their navigation, its first document, and its create form. */
const visitEverything = async (page: Page, person: FixturePerson, password: string): Promise<string[]> => {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`))
  await logIntoAdmin(page, person, password)
  const lists = await pagesOf(page)
  // Every kind of staff has a dozen lists or more (people, courses, enrollments, ... and analytics).
  expect(lists.length).toBeGreaterThan(8)
  for (const list of lists) {
    await expectRendered(page, list, problems)
    if (!list.startsWith('/admin/collections/')) {
      continue
    }
    // Both links are read off the list before leaving it, rather than coming back for the second.
    const firstRow = page.locator('table tbody tr').first().locator('a[href^="/admin/collections/"]').first()
    const create = page.getByRole('link', { name: 'Create New' }).first()
    const next = [(await firstRow.count()) > 0 ? await firstRow.getAttribute('href') : null, (await create.count()) > 0 ? await create.getAttribute('href') : null]
    for (const href of next) {
      if (href) {
        await expectRendered(page, href, problems)
      }
    }
  }
  return problems
}

const serverErrorsSince = (offset: number): string[] =>
  fs
    .readFileSync(SERVER_LOG)
    .subarray(offset)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.startsWith('⨯') || (line.startsWith('{') && (JSON.parse(line) as { level: number }).level >= 50))

/**
 * The admin panel renders for each kind of staff: every list in their navigation, a document
 * of each and each create form, without an error page, a browser error or a server error.
 * New collections and views are visited without touching this file.
 */
test.describe('every admin view renders', () => {
  const people: [string, (fixtures: ReturnType<typeof readFixtures>) => FixturePerson][] = [
    ['the platform operator', (f) => f.operator],
    ["a school's admin", (f) => f.north.admin],
    ['an instructor', (f) => f.north.instructor],
  ]
  for (const [who, personOf] of people) {
    test(`for ${who}`, async ({ page }) => {
      test.setTimeout(5 * 60_000)
      const fixtures = readFixtures()
      const logStart = fs.statSync(SERVER_LOG).size
      const problems = await visitEverything(page, personOf(fixtures), fixtures.password)
      expect(problems).toEqual([])
      expect(serverErrorsSince(logStart)).toEqual([])
    })
  }

  test('a JSON field is shown as text, with nothing loaded from another site', async ({ page, baseURL }) => {
    const fixtures = readFixtures()
    const { existing } = JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf8')) as { existing: Record<string, number> }
    const fromElsewhere: string[] = []
    page.on('request', (request) => {
      if (/^https?:/.test(request.url()) && !request.url().startsWith(`${baseURL}/`)) {
        fromElsewhere.push(request.url())
      }
    })
    await logIntoAdmin(page, fixtures.operator, fixtures.password)
    await page.goto(`/admin/collections/enrollments/${existing.enrollments}`)
    // The completed lessons are the system's record: shown, not editable.
    const lessons = page.locator('textarea#field-completedLessons')
    await expect(lessons).toBeVisible()
    await expect(lessons).toHaveAttribute('readonly', '')
    expect(fromElsewhere).toEqual([])
  })
})
