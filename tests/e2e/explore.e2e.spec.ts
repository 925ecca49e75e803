import { expect, test } from '@playwright/test'
import fs from 'node:fs'

import { readFixtures } from './fixtures'

test('explore', async ({ page }) => {
  const f = readFixtures()
  await page.goto('/admin')
  await page.screenshot({ path: '/tmp/e1.png', fullPage: true })
  fs.writeFileSync('/tmp/e1.html', await page.content())
  await page.locator('#field-email').fill(f.north.admin.email)
  await page.locator('#field-password').fill(f.password)
  await page.locator('button[type=submit]').click()
  await expect(page).not.toHaveURL(/login/)
  await page.waitForLoadState('networkidle')
  await page.screenshot({ path: '/tmp/e2.png', fullPage: true })
  await page.goto('/admin/collections/users')
  await page.waitForLoadState('networkidle')
  await page.screenshot({ path: '/tmp/e3.png', fullPage: true })
  fs.writeFileSync('/tmp/e3.html', await page.content())
  await page.goto('/admin/collections/users/create')
  await page.waitForLoadState('networkidle')
  await page.screenshot({ path: '/tmp/e4.png', fullPage: true })
  fs.writeFileSync('/tmp/e4.html', await page.content())
  await page.goto(`/admin/collections/users/${f.south.admin.id}`)
  await page.waitForLoadState('networkidle')
  await page.screenshot({ path: '/tmp/e5.png', fullPage: true })
  fs.writeFileSync('/tmp/e5.html', await page.content())
})
