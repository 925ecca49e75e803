import type { APIRequestContext, Page } from '@playwright/test'

import { expect, test } from '@playwright/test'

import { logIntoAdmin, openAdminList } from './adminSession'
import { bearer, tokenOf } from './apiSession'
import { type FixturePerson, type Fixtures, readFixtures, SCHOOL_SLUGS } from './fixtures'

/**
 * A school admin handles money in the admin panel: approves and rejects bank transfers, refunds
 * part of a payment, reads the revenue. Everything happens in south, which no other spec sells in.
 */
let fixtures: Fixtures

/** POSTs as a person (JWT) and answers the body of the 201. */
const post = async <T>(request: APIRequestContext, token: string, path: string, data: unknown): Promise<T> => {
  const response = await request.post(path, { data, headers: bearer(token) })
  const body = (await response.json()) as T
  expect(response.status(), `${path}: ${JSON.stringify(body)}`).toBe(201)
  return body
}

const orderOf = async (request: APIRequestContext, token: string, id: number) => {
  const response = await request.get(`/api/orders/${id}?depth=0`, { headers: bearer(token) })
  expect(response.status(), `order ${id}`).toBe(200)
  return (await response.json()) as { status: string; refunded: number; failureReason?: string }
}

/**
 * Opens an order in the admin panel and waits until React has hydrated its form: before that,
 * the action buttons (client components in the same tree) ignore clicks.
 */
const openOrder = async (page: Page, id: number) => {
  await page.goto(`/admin/collections/orders/${id}`)
  await expect(page.locator('form[data-form-ready="true"]')).toBeVisible()
}

test.beforeAll(() => {
  fixtures = readFixtures()
})

/**
 * South's bank details, a course it sells and two bank-transfer orders for it. Made by the test
 * that uses them, not in beforeAll: Playwright runs beforeAll again in the worker it starts
 * after a failure, and south takes one set of payment settings.
 */
const sellInSouth = async (request: APIRequestContext) => {
  const { south } = fixtures
  const admin = await tokenOf(request, south.admin, fixtures.password)
  await post(request, admin, '/api/payment-settings', { tenant: south.tenant.id, bankEnabled: true, bankDetails: 'South Academy, IBAN SO21 1000 0010 0123 4567 89' })
  const created = await post<{ doc: { id: number; title: string } }>(request, admin, '/api/courses', {
    title: 'Tailoring for beginners',
    slug: `tailoring-${Date.now()}`,
    language: 'en',
    enrollmentPolicy: 'paid',
    price: { amount: 4900, currency: 'USD' },
    tenant: south.tenant.id,
    _status: 'published',
  })
  const buy = async (person: FixturePerson) =>
    (await post<{ order: { id: number; reference: string } }>(request, await tokenOf(request, person, fixtures.password), '/api/orders/checkout', { course: created.doc.id, provider: 'bank' })).order
  // No proofs: the e2e server has no virus scanner, and uploads wait for one (tests/int covers proofs).
  return { course: created.doc, arrived: await buy(south.student), neverArrived: await buy(south.otherStudent) }
}

test.describe('payments in the admin panel', () => {
  test('a school admin approves a transfer, refunds part of it, rejects another, and reads the revenue', async ({ page, request }) => {
    // A dozen page loads and refreshes, each a server render of the production build.
    test.setTimeout(3 * 60_000)
    const { south, password } = fixtures
    const { course, arrived, neverArrived } = await sellInSouth(request)
    const admin = await tokenOf(request, south.admin, password)
    await logIntoAdmin(page, south.admin, password)

    // The money arrived (the admin saw it in the bank): approved after a confirmation.
    await openOrder(page, arrived.id)
    await expect(page.getByText('No proof of transfer uploaded yet.')).toBeVisible()
    await expect(page.locator('#refund-order')).toHaveCount(0)
    page.once('dialog', (dialog) => void dialog.accept())
    await page.locator('#approve-transfer').click()
    await expect(page.locator('#order-action-answer')).toHaveText('Payment approved.')
    expect((await orderOf(request, admin, arrived.id)).status).toBe('succeeded')
    // The page follows the order: a paid order is refunded, not approved.
    await expect(page.locator('#refund-order')).toBeVisible()
    await expect(page.locator('#approve-transfer')).toHaveCount(0)

    // A refund of 10.00 of the 49.00, keeping the student in the course.
    await page.locator('#refund-order').click()
    await expect(page.getByText('At most $49.00. Leave empty to refund all that is left.')).toBeVisible()
    await page.locator('#refund-amount').fill('10.001')
    await page.locator('#refund-submit').click()
    await expect(page.getByRole('alert').filter({ hasText: 'Enter an amount above zero and at most $49.00' })).toBeVisible()
    await page.locator('#refund-amount').fill('10.00')
    await page.locator('#refund-reason').fill('Started a week late')
    await page.locator('#refund-keep-enrollment').check()
    page.once('dialog', (dialog) => void dialog.accept())
    await page.locator('#refund-submit').click()
    await expect(page.locator('#order-action-answer')).toHaveText('Refunded in part.')
    expect(await orderOf(request, admin, arrived.id)).toMatchObject({ status: 'partially-refunded', refunded: 1000 })

    // The other transfer never arrived: rejected, with the reason the buyer will read.
    await openOrder(page, neverArrived.id)
    await expect(page.getByText('No proof of transfer uploaded yet.')).toBeVisible()
    await page.locator('#reject-transfer').click()
    await page.locator('#reject-submit').click()
    await expect(page.getByRole('alert').filter({ hasText: 'Say why the transfer is rejected.' })).toBeVisible()
    await page.locator('#reject-reason').fill('No transfer with this reference arrived.')
    await page.locator('#reject-submit').click()
    await expect(page.locator('#order-action-answer')).toHaveText('Payment rejected.')
    expect(await orderOf(request, admin, neverArrived.id)).toMatchObject({ status: 'failed', failureReason: 'No transfer with this reference arrived.' })
    await expect(page.locator('#reject-transfer')).toHaveCount(0)

    // The list: one click to the failed orders.
    await openAdminList(page, 'orders')
    await page.locator('#orders-failed').click()
    await expect(page).toHaveURL(/status(%5D|\])(%5B|\[)equals(%5D|\])=failed/)
    await expect(page.locator('table tbody')).toContainText(neverArrived.reference)
    await expect(page.locator('table tbody')).not.toContainText(arrived.reference)

    // Revenue, from the nav: this month's money of the course, the refund taken off. At this width
    // the nav starts closed, and is closed again by Payload once React has measured the window:
    // open it until the link can be followed.
    await expect(async () => {
      const opener = page.getByRole('button', { name: 'Open Menu' })
      if (await opener.isVisible()) {
        await opener.click()
      }
      await page.locator('#nav-revenue').click({ timeout: 5_000 })
      await expect(page).toHaveURL(/\/admin\/revenue/, { timeout: 5_000 })
    }).toPass({ timeout: 45_000 })
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Revenue')
    const row = page.locator(`#revenue-rows tr[data-course="${course.id}"]`)
    await expect(row.getByTestId('revenue-gross')).toHaveText('$49.00')
    await expect(row.getByTestId('revenue-refunded')).toHaveText('$10.00')
    await expect(row.getByTestId('revenue-net')).toHaveText('$39.00')
    await expect(row.getByTestId('revenue-orders')).toHaveText('1')
    await expect(page.locator('#revenue-totals tr[data-currency="USD"]').getByTestId('revenue-net')).toHaveText('$39.00')

    // Payment settings say where PayPal's webhook goes.
    await page.goto('/admin/collections/payment-settings')
    await expect(page.locator(`[data-school="${south.tenant.slug}"] code`)).toHaveText(`${new URL(page.url()).origin}/api/webhooks/paypal/${south.tenant.slug}`)
  })

  test('an instructor sees no revenue, and the platform is told which schools have no payment settings', async ({ page }) => {
    const { operator, south, password } = fixtures
    await logIntoAdmin(page, south.instructor, password)
    // The nav is there (the instructor's courses), without the revenue.
    await expect(page.locator('#nav-courses')).toHaveCount(1)
    await expect(page.locator('#nav-revenue')).toHaveCount(0)
    await page.goto('/admin/revenue')
    await expect(page.locator('.revenue__error')).toHaveText('Revenue is for the school’s admins.')
    await expect(page.locator('#revenue-rows')).toHaveCount(0)

    // The fuzz test's school never sets up payments.
    await page.context().clearCookies()
    await logIntoAdmin(page, operator, password)
    await openAdminList(page, 'payment-settings')
    const missing = page.locator(`[data-missing-school="${SCHOOL_SLUGS.fuzz}"]`)
    await expect(missing).toContainText(`School ${SCHOOL_SLUGS.fuzz} has no payment settings yet.`)
    await missing.getByRole('link').click()
    await expect(page).toHaveURL(/\/admin\/collections\/payment-settings\/create/)
  })
})
