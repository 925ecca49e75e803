import type { Page } from '@playwright/test'

import { expect, test } from '@playwright/test'
import crypto from 'node:crypto'

import { logIntoAdmin as logIn, openAdminList } from './adminSession'
import { type FixturePerson, type Fixtures, peopleOf, readFixtures } from './fixtures'

type Membership = { tenant: number | { id: number }; roles: string[] }
type UserDoc = { id: number; name: string; email?: string; platformRole?: string | null; tenants?: Membership[] }

let fixtures: Fixtures

test.beforeAll(() => {
  fixtures = readFixtures()
})

const logIntoAdmin = (page: Page, person: FixturePerson) => logIn(page, person, fixtures.password)

/**
 * GET on the REST API as whoever is logged in on the page: the request carries the
 * page's cookies and, like the browser, its Origin. Payload ignores the session
 * cookie of a request that has neither an allowed Origin nor Sec-Fetch-Site (CSRF).
 */
const apiGet = async <T>(page: Page, path: string): Promise<{ status: number; body: T }> => {
  const response = await page.request.get(path, { headers: { origin: new URL(page.url()).origin } })
  return { status: response.status(), body: (await response.json()) as T }
}

const tenantIdOf = (membership: Membership): number =>
  typeof membership.tenant === 'object' ? membership.tenant.id : membership.tenant

test.describe('tenant admin panel', () => {
  test('a tenant-admin logs into the admin panel', async ({ page }) => {
    const admin = fixtures.north.admin
    await logIntoAdmin(page, admin)

    await expect(page.getByRole('link', { name: 'Users' }).first()).toBeVisible()
    const me = await apiGet<{ user: UserDoc | null }>(page, '/api/users/me?depth=0')
    expect(me.status).toBe(200)
    const user = me.body.user
    expect(user).toMatchObject({ id: admin.id, email: admin.email })
    // A tenant-admin of their school and nothing more.
    expect(user?.platformRole ?? null).toBeNull()
    expect(user?.tenants?.map((m) => ({ tenant: tenantIdOf(m), roles: m.roles }))).toEqual([
      { tenant: fixtures.north.tenant.id, roles: ['tenant-admin'] },
    ])
  })

  test('a tenant-admin creates a student of their school', async ({ page }) => {
    const north = fixtures.north
    const suffix = crypto.randomBytes(3).toString('hex')
    const newcomer = { name: `New Student ${suffix}`, email: `new-student-${suffix}@${north.tenant.slug}.example` }
    await logIntoAdmin(page, north.admin)

    await openAdminList(page, 'users')
    await page.getByRole('link', { name: 'Create New' }).click()
    await expect(page).toHaveURL(/\/admin\/collections\/users\/create$/)
    await expect(page.getByText('Creating new User'), 'the create view renders for a tenant-admin').toBeVisible()
    // Until React has hydrated the form, clicks on it do nothing.
    await expect(page.locator('form[data-form-ready="true"]')).toBeVisible()

    // The membership row first, while no form-state request is in flight: a row added
    // during one can be left unrendered when that request's answer is merged.
    await page.getByRole('button', { name: 'Add Tenant' }).click()
    const tenantField = page.locator('#field-tenants__0__tenant')
    await tenantField.locator('.rs__control').click()
    // Only the admin's own school is offered.
    const options = page.locator('.rs__option')
    await expect(options).toHaveText([north.tenant.name])
    await options.filter({ hasText: north.tenant.name }).click()
    await expect(tenantField.locator('.relationship--single-value__text')).toHaveText(north.tenant.name)
    // New memberships default to the student role.
    const rolesField = page.locator('#field-tenants__0__roles')
    await expect(rolesField.locator('.multi-value-label__text')).toHaveText(['student'])

    await page.locator('#field-email').fill(newcomer.email)
    await page.locator('#field-password').fill(fixtures.password)
    await page.locator('#field-confirm-password').fill(fixtures.password)
    await page.locator('#field-name').fill(newcomer.name)

    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByText('User successfully created.')).toBeVisible()
    await expect(page).toHaveURL(/\/admin\/collections\/users\/\d+$/)
    const id = /\/users\/(\d+)$/.exec(new URL(page.url()).pathname)?.[1]
    expect(id).toBeDefined()
    await expect(page.locator('#field-name')).toHaveValue(newcomer.name)

    await page.goto('/admin/collections/users')
    const row = page.locator('table tbody tr', { hasText: newcomer.email })
    await expect(row).toHaveCount(1)
    await expect(row).toContainText(newcomer.name)

    const { status, body } = await apiGet<UserDoc>(page, `/api/users/${id}?depth=0`)
    expect(status).toBe(200)
    expect(body).toMatchObject({ name: newcomer.name, email: newcomer.email })
    expect(body.tenants?.map((m) => ({ tenant: tenantIdOf(m), roles: m.roles }))).toEqual([
      { tenant: north.tenant.id, roles: ['student'] },
    ])
  })

  test("a tenant-admin sees none of another school's people", async ({ page }) => {
    const { north, south } = fixtures
    await logIntoAdmin(page, north.admin)

    await page.goto('/admin/collections/users')
    const table = page.locator('table tbody')
    // The list has loaded with this school's people...
    for (const person of peopleOf(north)) {
      await expect(table.getByText(person.email, { exact: true })).toBeVisible()
    }
    // ...and nobody of the other school.
    for (const person of peopleOf(south)) {
      await expect(page.getByText(person.email)).toHaveCount(0)
    }
    await expect(page.getByText(south.tenant.slug)).toHaveCount(0)
    // The REST API behind the list, past any pagination: only people of this school.
    const listed = await apiGet<{ docs: UserDoc[]; hasNextPage: boolean }>(page, '/api/users?depth=0&limit=100')
    expect(listed.status).toBe(200)
    expect(listed.body.hasNextPage).toBe(false)
    expect(listed.body.docs.map((doc) => doc.id)).toEqual(expect.arrayContaining(peopleOf(north).map((p) => p.id)))
    for (const doc of listed.body.docs) {
      expect(doc.tenants?.map(tenantIdOf), `memberships of user ${doc.id}`).toEqual([north.tenant.id])
    }

    // Opening the other school's admin by URL shows no document, only Payload's not-found notice.
    const target = south.admin
    await page.goto(`/admin/collections/users/${target.id}`)
    await expect(page.locator('.banner--type-error')).toContainText(
      `The document with ID ${target.id} could not be found`,
    )
    await expect(page).not.toHaveURL(new RegExp(`/admin/collections/users/${target.id}$`))
    await expect(page.locator('#field-email')).toHaveCount(0)
    await expect(page.getByText(target.email)).toHaveCount(0)
    await expect(page.getByText(south.tenant.slug)).toHaveCount(0)

    // The REST API agrees.
    const { status } = await apiGet<unknown>(page, `/api/users/${target.id}?depth=0`)
    expect(status).toBe(404)
  })
})
