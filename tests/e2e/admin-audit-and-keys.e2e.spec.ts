import { expect, test } from '@playwright/test'

import { logIntoAdmin } from './adminSession'
import { readFixtures } from './fixtures'

test.describe('tenant admin: audit log and API keys', () => {
  test('a tenant-admin issues an API key, sees it once, and the key works', async ({ page, request }) => {
    const { north, password } = readFixtures()
    await logIntoAdmin(page, north.admin, password)
    await page.goto('/admin/collections/api-keys')
    await page.locator('#issue-key-name').fill('Timetable sync')
    await expect(page.locator('#issue-key-tenant')).toHaveValue(String(north.tenant.id))
    await page.locator('#issue-key-submit').click()
    const shown = page.locator('#issued-key code')
    await expect(shown).toHaveText(/^aqk_/)
    const key = (await shown.textContent()) ?? ''

    const me = await request.get('/api/users/me', { headers: { Authorization: `Bearer ${key}` } })
    const body = (await me.json()) as { user?: { kind: string } }
    expect(body.user?.kind, `${me.status()} ${JSON.stringify(body)}`).toBe('integration')

    // Shown once: after a reload the key is nowhere on the page.
    await page.reload()
    await expect(page.getByText('Timetable sync').first()).toBeVisible()
    expect(await page.content()).not.toContain(key)
  })

  test('a tenant-admin filters the audit log by action', async ({ page }) => {
    const { north, password } = readFixtures()
    await logIntoAdmin(page, north.admin, password)
    await page.goto('/admin/collections/audit-logs?where[action][equals]=login&limit=50')
    const rows = page.locator('table tbody tr')
    await expect(rows.first()).toBeVisible()
    const actions = await page.locator('table tbody tr td.cell-action').allTextContents()
    expect(actions.length).toBeGreaterThan(0)
    expect(actions.every((text) => text.trim() === 'login')).toBe(true)
  })

  test("the audit log lists each entry's changed fields as names", async ({ page }) => {
    const { north, password } = readFixtures()
    await logIntoAdmin(page, north.admin, password)
    await page.goto('/admin/collections/audit-logs?where[action][equals]=create&limit=50')
    await expect(page.locator('table tbody tr').first()).toBeVisible()
    const cells = (await page.locator('table tbody tr td.cell-changedFields').allTextContents()).map((text) => text.trim()).filter(Boolean)
    expect(cells.length).toBeGreaterThan(0)
    // "email, name, tenants", not Payload's JSON cell (`["email","name","tenants"]`).
    expect(cells.filter((text) => !/^[A-Za-z0-9_.-]+(, [A-Za-z0-9_.-]+)*$/.test(text))).toEqual([])
  })
})
