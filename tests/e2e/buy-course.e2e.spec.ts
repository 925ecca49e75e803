import type { APIRequestContext, Page } from '@playwright/test'

import { expect, test } from '@playwright/test'
import net from 'node:net'

import { pdfText } from '../helpers/pdf'
import { bearer, tokenOf } from './apiSession'
import { type FixturePerson, type Fixtures, readFixtures } from './fixtures'
import { logIntoLearnerSite } from './learnerSession'

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

const NORTH_IBAN = 'IBAN SO21 1000 0010 0123 4567 89'

/**
 * North takes bank transfers too, for a second course. Made by the test that uses them, not in
 * beforeAll: Playwright runs beforeAll again in the worker it starts after a failure, and a
 * school takes one set of payment settings.
 */
const sellByTransferInNorth = async (request: APIRequestContext) => {
  const { north, password } = fixtures
  const admin = bearer(await tokenOf(request, north.admin, password))
  const settings = await request.post('/api/payment-settings', { headers: admin, data: { tenant: north.tenant.id, bankEnabled: true, bankDetails: `North Academy\nSalaam Bank, ${NORTH_IBAN}` } })
  expect(settings.status(), await settings.text()).toBe(201)
  const created = await request.post('/api/courses', {
    headers: admin,
    data: { title: 'Arabic calligraphy', slug: `calligraphy-${Date.now()}`, language: 'en', enrollmentPolicy: 'paid', price: { amount: 2500, currency: 'USD' }, tenant: north.tenant.id, _status: 'published' },
  })
  expect(created.status(), await created.text()).toBe(201)
  return { admin, course: ((await created.json()) as { doc: { id: number; slug: string; title: string } }).doc }
}

/** Signs in on north's learner site and lands on `next`. */
const logIn = (page: Page, person: FixturePerson, next: string) => logIntoLearnerSite(page, { school: fixtures.north.tenant.slug, person, password: fixtures.password, next })

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

  test('should show how to pay a bank transfer on the order page, in Arabic, to the buyer alone and until it is paid', async ({ page, browser, request }) => {
    const { north, payments, password } = fixtures
    const { admin, course } = await sellByTransferInNorth(request)
    const buyer = payments.buyer

    // The buyer chooses a transfer on the Arabic course page and is taken to the order.
    await logIn(page, buyer, `/learn/courses/${course.slug}`)
    await page.goto(`/learn/courses/${course.slug}?school=${north.tenant.slug}&locale=ar`)
    await page.getByRole('button', { name: 'الدفع بتحويل مصرفي' }).click()
    await expect(page).toHaveURL(/\/learn\/orders\/AQ-[2-9A-Z]{4}-[2-9A-Z]{4}\?/)
    const address = page.url()
    const reference = /\/learn\/orders\/([^/?]+)\?/.exec(address)![1]!

    // Left and come back: the instructions are there again, right to left, with the proof's form.
    await page.goto('about:blank')
    await page.goto(address)
    await expect(page.locator('.learn-page')).toHaveAttribute('dir', 'rtl')
    await expect(page.getByTestId('order-status')).toHaveText('بانتظار الدفع')
    const instructions = page.getByTestId('bank-instructions')
    await expect(instructions.getByRole('heading', { level: 2 })).toHaveText('طريقة الدفع')
    await expect(instructions.getByTestId('transfer-amount')).toContainText('25.00')
    await expect(instructions.getByTestId('transfer-reference')).toHaveText(reference)
    await expect(instructions.getByTestId('transfer-bank-details')).toContainText(NORTH_IBAN)
    await expect(instructions.getByTestId('transfer-deadline')).toHaveText(/\d{4}/)
    await expect(page.getByRole('form', { name: 'أرسل إثبات التحويل' })).toBeVisible()

    // In English when the address asks for it.
    await page.goto(address.replace('locale=ar', 'locale=en'))
    await expect(instructions.getByRole('heading', { level: 2 })).toHaveText('How to pay')
    await expect(instructions.getByText('Reference to quote')).toBeVisible()
    await expect(instructions.getByTestId('transfer-amount')).toHaveText('$25.00')

    // Another student of the school, at the same address, is told of no such order and sees no bank details.
    const other = await browser.newContext({ baseURL: new URL(address).origin })
    const otherPage = await other.newPage()
    await logIn(otherPage, north.otherStudent, '/learn/orders')
    await otherPage.goto(address)
    await expect(otherPage.locator('main').getByRole('alert')).toHaveText('ليس لديك طلب بهذا الرقم المرجعي.')
    await expect(otherPage.getByTestId('bank-instructions')).toHaveCount(0)
    await expect(otherPage.getByText(NORTH_IBAN)).toHaveCount(0)
    await other.close()

    // The school's admin reads the order but not the instructions; then approves the transfer.
    const order = (await (await request.get(`/api/orders?where[reference][equals]=${reference}&depth=0`, { headers: admin })).json()) as { docs: { id: number }[] }
    expect(order.docs).toHaveLength(1)
    const orderId = order.docs[0]!.id
    expect((await request.get(`/api/orders/${orderId}/instructions`, { headers: admin })).status()).toBe(403)
    expect((await request.get(`/api/orders/${orderId}/instructions`, { headers: bearer(await tokenOf(request, north.otherStudent, password)) })).status()).toBe(404)
    expect((await request.post(`/api/orders/${orderId}/approve`, { headers: admin })).status()).toBe(200)

    // Paid: the page no longer tells how to pay.
    await page.reload()
    await expect(page.getByTestId('order-status')).toHaveText('Paid')
    await expect(page.getByTestId('bank-instructions')).toHaveCount(0)
    await expect(page.getByRole('form', { name: 'Send your proof of transfer' })).toHaveCount(0)
    expect((await request.get(`/api/orders/${orderId}/instructions`, { headers: bearer(await tokenOf(request, buyer, password)) })).status()).toBe(404)
  })
  test('should answer checkout before Next through the same gate: no cookie from another site, no unknown school, no 500 for an absolute target or a Host with user info', async ({ page, baseURL }) => {
    const { north, payments } = fixtures
    await logIn(page, north.student, `/learn/courses/${payments.course.slug}`)
    const body = { course: payments.course.id, provider: 'stripe' }
    // The buyer's own session cookie, sent by a page of another site: not theirs to use.
    const forged = await page.request.post('/api/orders/checkout', { headers: { origin: 'https://evil.example' }, data: body })
    expect(forged.status()).toBe(401)
    // A school nobody knows, named by the X-Tenant header.
    const unknown = await page.request.post('/api/orders/checkout', { headers: { origin: new URL(page.url()).origin, 'x-tenant': 'no-such-school' }, data: body })
    expect(unknown.status()).toBe(404)
    expect(((await unknown.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe('No school is known by "no-such-school".')
    // A request target in absolute form, as a proxy would send it: answered as any other (not signed in), not a 500.
    const { hostname, port } = new URL(baseURL!)
    const raw = (target: string, host: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(port), hostname, () => {
          const json = JSON.stringify(body)
          socket.end(`POST ${target} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\nConnection: close\r\n\r\n${json}`)
        })
        let text = ''
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
        socket.on('end', () => resolve(text.split('\r\n')[0]!))
        socket.on('error', reject)
      })
    expect(await raw('http://elsewhere.example/api/orders/checkout', `${hostname}:${port}`)).toBe('HTTP/1.1 401 Unauthorized')
    // Nor a Host with user info in it (no URL of the Fetch API may carry it): a host no school answers to.
    expect(await raw('/api/orders/checkout', `someone@${hostname}:${port}`)).toBe('HTTP/1.1 404 Not Found')
  })
})
