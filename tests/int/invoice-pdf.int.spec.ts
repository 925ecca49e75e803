import { afterAll, describe, expect, it } from 'vitest'

import { type InvoiceFace, invoiceHtml } from '@/domain/payments/invoiceHtml'
import { formatMoney } from '@/domain/payments/money'
import { renderInvoicePdf } from '@/domain/payments/renderInvoicePdf'
import { closeBrowser } from '@/services/pdf/chromium'

import { pdfImageCount, pdfText } from '../helpers/pdf'

/** A paid English invoice in dollars: two lines, a 10% coupon, then 15% tax on top. */
const invoice: InvoiceFace = {
  kind: 'invoice',
  number: 'ACME-2026-000042',
  // Still 1 March in UTC, already 2 March in Mogadishu (UTC+3): the school's day is printed.
  issuedAt: '2026-03-01T22:30:00Z',
  timeZone: 'Africa/Mogadishu',
  locale: 'en',
  currency: 'USD',
  seller: { name: 'Acme Academy', address: '12 Maka Al Mukarama Rd\nMogadishu', taxId: 'SO-123456', email: 'billing@acme.example' },
  buyer: { name: 'Amina Yusuf', email: 'amina@example.com', address: 'Hodan District' },
  lines: [
    { description: 'Web development course', quantity: 1, unitAmount: 12000, amount: 12000 },
    { description: 'Exam fee', quantity: 2, unitAmount: 1500, amount: 3000 },
  ],
  subtotal: 15000,
  discount: 1500,
  discountLabel: 'WELCOME10',
  taxRate: 15,
  taxIncluded: false,
  tax: 2025,
  total: 15525,
  provider: 'stripe',
  paidAt: '2026-03-01T22:31:00Z',
  reference: 'ORD-7F3K2',
  colour: '#0b6e4f',
}

const ARABIC_BUYER = 'فاطمة محمد'
const ARABIC_SCHOOL = 'أكاديمية النور'
const ARABIC_COURSE = 'دورة البرمجة'

afterAll(() => closeBrowser())

/** The PDF of a face, checked to be one A4 page of PDF, and its text as pdftotext reads it. */
const rendered = async (face: InvoiceFace): Promise<{ pdf: Buffer; text: string }> => {
  const pdf = await renderInvoicePdf(face)
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
  // One page, portrait A4 (595 × 842 pt).
  expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1)
  expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0 0 59[45]\.\d+ 84[12]\.\d+\s*\]/)
  return { pdf, text: await pdfText(pdf) }
}

describe('invoice PDFs', () => {
  it('should show an English invoice with its lines, coupon discount, tax on top and total', async () => {
    const { pdf, text } = await rendered(invoice)
    for (const expected of [
      'Invoice',
      'ACME-2026-000042',
      'Date issued',
      'March 2, 2026',
      'Paid on',
      'Order reference',
      'ORD-7F3K2',
      'Seller',
      'Acme Academy',
      'Tax ID: SO-123456',
      'billing@acme.example',
      'Customer',
      'Amina Yusuf',
      'amina@example.com',
      'Web development course',
      'Exam fee',
      '$120.00',
      '$15.00',
      '$30.00',
      'Subtotal',
      '$150.00',
      'Discount (WELCOME10)',
      '-$15.00',
      'Tax (15%)',
      '$20.25',
      'Total',
      '$155.25',
      'Amount paid',
      'Paid with: Card via Stripe',
      'Thank you for learning with us.',
    ]) {
      expect(text).toContain(expected)
    }
    expect(text).not.toContain('March 1, 2026')
    expect(text).not.toContain('Prices include tax')
    // Total and amount paid: the same formatted total twice.
    expect(text.split('$155.25')).toHaveLength(3)
    // No school logo: nothing but text and vectors.
    expect(await pdfImageCount(pdf)).toBe(0)
  })

  it('should write an Arabic invoice right to left, with shaped Arabic read back in order', async () => {
    const face: InvoiceFace = {
      ...invoice,
      locale: 'ar',
      currency: 'SAR',
      seller: { ...invoice.seller, name: ARABIC_SCHOOL },
      buyer: { ...invoice.buyer, name: ARABIC_BUYER },
      lines: [{ description: ARABIC_COURSE, quantity: 1, unitAmount: 15000, amount: 15000 }],
      subtotal: 15000,
      discount: 0,
      discountLabel: undefined,
      tax: 2250,
      total: 17250,
    }
    const html = invoiceHtml(face)
    expect(html).toMatch(/<html lang="ar" dir="rtl">/)
    expect(invoiceHtml(invoice)).toMatch(/<html lang="en" dir="ltr">/)
    // Names, numbers and emails keep their own direction inside the right-to-left page.
    expect(html).toContain(`<bdi>${ARABIC_BUYER}</bdi>`)
    expect(html).toContain('<bdi class="mono">ACME-2026-000042</bdi>')
    expect(html).toContain('<bdi>amina@example.com</bdi>')

    const { text } = await rendered(face)
    for (const expected of ['فاتورة', ARABIC_BUYER, ARABIC_SCHOOL, ARABIC_COURSE, 'العميل', 'البائع', 'المجموع الفرعي', 'مرجع الطلب', 'مارس', 'ACME-2026-000042', 'amina@example.com']) {
      expect(text).toContain(expected)
    }
    // Amounts in Saudi riyals with Western digits, as the Arabic locale writes them.
    expect(formatMoney(17250, 'SAR', 'ar-u-nu-latn')).toContain('172.50')
    expect(text).toContain('172.50')
    expect(text).toContain('150.00')
    expect(text).toContain('22.50')
    expect(text).toContain('ر.س')
    expect(text).not.toContain('Invoice')
  })

  it('should name on a Somali credit note the invoice it credits, with credited amounts and no minus signs', async () => {
    const face: InvoiceFace = {
      ...invoice,
      kind: 'credit-note',
      locale: 'so',
      number: 'ACME-2026-000043',
      issuedAt: '2026-04-10T09:00:00Z',
      paidAt: '2026-04-10T09:05:00Z',
      lines: [{ description: 'Web development course', quantity: 1, unitAmount: 12000, amount: 12000 }],
      subtotal: 12000,
      discount: 0,
      discountLabel: undefined,
      tax: 1800,
      total: 13800,
      credits: { number: 'ACME-2026-000042', reason: 'Koorsada waa la joojiyay' },
    }
    const { text } = await rendered(face)
    for (const expected of [
      'Qaansheegta',
      'ACME-2026-000043',
      'Lacag-celinta qaansheegta',
      'ACME-2026-000042',
      'Sababta',
      'Koorsada waa la joojiyay',
      'Taariikhda la soo saaray',
      'Taariikhda lacag-celinta',
      'Abriil 10, 2026',
      'Macmiilka',
      'Iibiyaha',
      'Wadarta hoose',
      'US$120.00',
      'Canshuur (15%)',
      'US$18.00',
      'Wadarta la celiyay',
      'Lacagta la celiyay',
      'US$138.00',
      'Lagu celiyay: Kaar (Stripe)',
    ]) {
      expect(text.replace(/\s+/g, ' ')).toContain(expected)
    }
    expect(text).not.toMatch(/[-−]\s*US\$/)
    // A credit note neither thanks for a purchase nor says it was paid.
    expect(text).not.toContain('Lacagta la bixiyay')
    expect(text).not.toContain('mahadsan')
    expect(text).not.toContain('Invoice')
  })

  it('should say prices include tax and show the tax inside the total, in three-decimal dinars', async () => {
    const face: InvoiceFace = {
      ...invoice,
      currency: 'KWD',
      lines: [{ description: 'Arabic calligraphy', quantity: 1, unitAmount: 12345, amount: 12345 }],
      subtotal: 12345,
      discount: 0,
      discountLabel: undefined,
      taxRate: 7.5,
      taxIncluded: true,
      // 12.345 × 7.5 / 107.5, to the fils.
      tax: 861,
      total: 12345,
      provider: 'bank',
    }
    const { text } = await rendered(face)
    // Intl puts a no-break space after the code; pdfText's NFKC makes it a plain one.
    expect(formatMoney(12345, 'KWD', 'en')).toBe('KWD\u00a012.345')
    expect(text).toContain('KWD 12.345')
    expect(text).toContain('KWD 0.861')
    expect(text).toContain('Prices include tax.')
    expect(text).toContain('Of which tax (7.5%)')
    expect(text).toContain('Paid with: Bank transfer')
    // Tax is not added on top: no plain "Tax (7.5%)" line, and the total is the subtotal.
    expect(text).not.toContain('Tax (7.5%)')
    expect(text).not.toContain('KWD 13.')
    expect(text).not.toContain('123.45')
  })

  it('should print yen without decimals', async () => {
    const face: InvoiceFace = {
      ...invoice,
      currency: 'JPY',
      lines: [{ description: 'Japanese for beginners', quantity: 3, unitAmount: 500, amount: 1500 }],
      subtotal: 1500,
      discount: 0,
      discountLabel: undefined,
      taxRate: 10,
      tax: 150,
      total: 1650,
      provider: 'paypal',
    }
    const { text } = await rendered(face)
    for (const expected of ['¥500', '¥1,500', 'Tax (10%)', '¥150', '¥1,650', 'Paid with: PayPal']) {
      expect(text).toContain(expected)
    }
    // 1650 is yen, not cents of a yen.
    expect(text).not.toContain('¥16.50')
    expect(text).not.toMatch(/¥[\d,]+\.\d/)
  })

  it('should show a hostile buyer name as text, never as markup', async () => {
    const hostile = '<b>Eve</b><img src="http://evil.example/x.png"> & "Co"'
    const face: InvoiceFace = {
      ...invoice,
      buyer: { name: hostile, email: 'eve@example.com', address: '</bdi><script>alert(1)</script>' },
      discountLabel: '<i>FREE</i>',
      lines: [{ description: '<h1>Injected</h1>', quantity: 1, unitAmount: 15000, amount: 15000 }],
    }
    const html = invoiceHtml(face)
    expect(html).not.toContain('<b>Eve')
    expect(html).not.toContain('<img src="http://evil')
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<h1>Injected')
    expect(html).toContain('&lt;b&gt;Eve&lt;/b&gt;&lt;img src=&quot;http://evil.example/x.png&quot;&gt; &amp; &quot;Co&quot;')

    const { pdf, text: wrapped } = await rendered(face)
    // The long name wraps; its words are compared across the line break.
    const text = wrapped.replace(/\s+/g, ' ')
    expect(text).toContain(hostile)
    expect(text).toContain('</bdi><script>alert(1)</script>')
    expect(text).toContain('Discount (<i>FREE</i>)')
    expect(text).toContain('<h1>Injected</h1>')
    expect(await pdfImageCount(pdf)).toBe(0)
  })
})
