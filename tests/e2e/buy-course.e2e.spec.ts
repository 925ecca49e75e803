import type { Page } from '@playwright/test'

import { expect, test } from '@playwright/test'

import { pdfText } from '../helpers/pdf'
import { type Fixtures, readFixtures } from './fixtures'

let fixtures: Fixtures

test.beforeAll(() => {
  fixtures = readFixtures()
})

type OrderDoc = { reference: string; status: string; total: number; currency: string; invoice: { number: string; file: number | null } | null }

/** The order as the buyer reads it over the API, with the page's session cookie (and Origin, like the browser). */
const orderOf = async (page: Page, reference: string): Promise<OrderDoc> => {
  const origin = new URL(page.url()).origin
  const response = await page.request.get(`/api/orders?where[reference][equals]=${reference}&depth=1&limit=1`, { headers: { origin } })
  expect(response.status()).toBe(200)
  const { docs } = (await response.json()) as { docs: OrderDoc[] }
  expect(docs).toHaveLength(1)
  return docs[0]!
}

test.describe('buying a course', () => {
  test('should show the price in Arabic, right to left, and ask a visitor to log in to buy', async ({ page }) => {
    const { north, payments } = fixtures
    await page.goto(`/learn/courses/${payments.course.slug}?school=${north.tenant.slug}&locale=ar`)
    await expect(page.locator('.learn-page')).toHaveAttribute('dir', 'rtl')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(payments.course.title)
    // Western digits, as on the Arabic invoice; where the currency sign goes is the browser's ICU's to say.
    await expect(page.getByTestId('price')).toHaveText(/^السعر: .*49\.00/)
    await expect(page.getByRole('link', { name: 'سجّل الدخول لشراء هذه الدورة' })).toBeVisible()
  })

  test("should pay by card on Stripe's page, come back to a paid order with its invoice, and open the course", async ({ page }) => {
    const { north, payments, password } = fixtures
    const { course, buyer } = payments

    // The student signs in on the learner site and lands on the paid course.
    await page.goto(`/learn/login?school=${north.tenant.slug}&next=${encodeURIComponent(`/learn/courses/${course.slug}`)}`)
    await expect(page.locator('form[data-ready="true"]')).toBeVisible()
    await page.locator('input[name="email"]').fill(buyer.email)
    await page.locator('input[name="password"]').fill(password)
    await page.locator('form').getByRole('button', { name: 'Log in' }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(course.title)
    await expect(page.getByTestId('price')).toHaveText('Price: $49.00')
    await expect(page.getByText('Enroll to open this lesson')).toHaveCount(course.lessons.length)

    // Pays on the provider's hosted page, for the server's price.
    await page.getByRole('button', { name: 'Pay by card' }).click()
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/c\/pay\/cs_/)
    await expect(page.getByTestId('line-item')).toContainText(course.title)
    await expect(page.getByTestId('total')).toHaveText('$49.00')
    await expect(page.getByTestId('email')).toHaveText(buyer.email)
    await page.getByRole('button', { name: 'Pay', exact: true }).click()

    // Back on the order: paid, for the price, with its invoice once the jobs worker has rendered it.
    await expect(page).toHaveURL(/\/learn\/orders\/AQ-[2-9A-Z]{4}-[2-9A-Z]{4}$/)
    const reference = /\/learn\/orders\/([^/?]+)$/.exec(page.url())![1]!
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Order ${reference}`)
    await expect(page.getByTestId('order-status')).toHaveText('Paid')
    await expect(page.getByTestId('order-total')).toHaveText('$49.00')
    const order = await orderOf(page, reference)
    expect(order).toMatchObject({ status: 'succeeded', total: payments.price.amount, currency: payments.price.currency })
    const number = order.invoice?.number
    expect(number).toBeTruthy()
    // The page looks again by itself (no reload) until the PDF is there.
    const invoiceLink = page.getByRole('link', { name: `Download invoice ${number} (PDF)` })
    await expect(invoiceLink).toBeVisible({ timeout: 45_000 })
    const pdf = await page.request.get((await invoiceLink.getAttribute('href'))!)
    expect(pdf.status()).toBe(200)
    expect(pdf.headers()['content-type']).toContain('application/pdf')
    const body = await pdf.body()
    expect(body.subarray(0, 5).toString()).toBe('%PDF-')
    expect(await pdfText(body)).toContain(number)

    // The course is open to the buyer now: enrolled, every lesson readable.
    await page.getByRole('link', { name: 'Open the course' }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(course.title)
    await expect(page.getByTestId('enrollment-status')).toHaveText('Enrolled · Progress: 0%')
    await expect(page.getByTestId('price')).toHaveCount(0)
    await expect(page.getByTestId('lesson')).toHaveCount(course.lessons.length)
    for (const title of course.lessons) {
      await expect(page.getByTestId('lesson').filter({ hasText: title }).getByText(`Content of ${title}`)).toBeVisible()
    }
    await expect(page.getByRole('button', { name: 'Mark complete' })).toHaveCount(course.lessons.length)

    // The receipts list the order, its status, total and invoice.
    await page.getByRole('link', { name: 'Your orders' }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your orders and receipts')
    const receipt = page.getByTestId('receipt').filter({ hasText: reference })
    await expect(receipt).toHaveCount(1)
    await expect(receipt.getByTestId('receipt-status')).toHaveText('Paid')
    await expect(receipt).toContainText(course.title)
    await expect(receipt).toContainText('$49.00')
    await expect(receipt.getByRole('link', { name: `Download invoice ${number} (PDF)` })).toBeVisible()
    await receipt.getByRole('link', { name: reference }).click()
    await expect(page.getByTestId('order-status')).toHaveText('Paid')
  })
})
