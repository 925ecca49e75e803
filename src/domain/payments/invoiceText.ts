import type { LocaleCode } from '@/i18n/locales'

export type InvoiceText = {
  invoice: string
  creditNote: string
  number: string
  issued: string
  paidOn: string
  refundedOn: string
  due: string
  dueOnReceipt: string
  seller: string
  buyer: string
  taxId: string
  description: string
  quantity: string
  unitPrice: string
  amount: string
  subtotal: string
  discount: string
  /** Followed by the rate in brackets: "Tax (15%)". */
  tax: string
  /** The tax already inside tax-inclusive prices, followed by the rate: "Of which tax (15%)". */
  includedTax: string
  pricesIncludeTax: string
  total: string
  totalCredited: string
  amountPaid: string
  amountDue: string
  amountRefunded: string
  paidWith: string
  refundedVia: string
  providers: { stripe: string; paypal: string; bank: string }
  reference: string
  /** Followed by the number of the invoice a credit note credits. */
  credits: string
  reason: string
  thanks: string
}

/** Invoice and credit-note wording in every content locale; the buyer's language decides. */
export const invoiceText: Record<LocaleCode, InvoiceText> = {
  en: {
    invoice: 'Invoice',
    creditNote: 'Credit note',
    number: 'Number',
    issued: 'Date issued',
    paidOn: 'Paid on',
    refundedOn: 'Refunded on',
    due: 'Due',
    dueOnReceipt: 'On receipt',
    seller: 'Seller',
    buyer: 'Customer',
    taxId: 'Tax ID',
    description: 'Description',
    quantity: 'Quantity',
    unitPrice: 'Unit price',
    amount: 'Amount',
    subtotal: 'Subtotal',
    discount: 'Discount',
    tax: 'Tax',
    includedTax: 'Of which tax',
    pricesIncludeTax: 'Prices include tax.',
    total: 'Total',
    totalCredited: 'Total credited',
    amountPaid: 'Amount paid',
    amountDue: 'Amount due',
    amountRefunded: 'Amount refunded',
    paidWith: 'Paid with',
    refundedVia: 'Refunded via',
    providers: { stripe: 'Card via Stripe', paypal: 'PayPal', bank: 'Bank transfer' },
    reference: 'Order reference',
    credits: 'Credits invoice',
    reason: 'Reason',
    thanks: 'Thank you for learning with us.',
  },
  ar: {
    invoice: 'فاتورة',
    creditNote: 'إشعار دائن',
    number: 'الرقم',
    issued: 'تاريخ الإصدار',
    paidOn: 'تاريخ الدفع',
    refundedOn: 'تاريخ الاسترداد',
    due: 'تاريخ الاستحقاق',
    dueOnReceipt: 'عند الاستلام',
    seller: 'البائع',
    buyer: 'العميل',
    taxId: 'الرقم الضريبي',
    description: 'الوصف',
    quantity: 'الكمية',
    unitPrice: 'سعر الوحدة',
    amount: 'المبلغ',
    subtotal: 'المجموع الفرعي',
    discount: 'الخصم',
    tax: 'الضريبة',
    includedTax: 'منها ضريبة',
    pricesIncludeTax: 'الأسعار شاملة الضريبة.',
    total: 'الإجمالي',
    totalCredited: 'إجمالي المبلغ الدائن',
    amountPaid: 'المبلغ المدفوع',
    amountDue: 'المبلغ المستحق',
    amountRefunded: 'المبلغ المسترد',
    paidWith: 'طريقة الدفع',
    refundedVia: 'طريقة الاسترداد',
    providers: { stripe: 'بطاقة عبر Stripe', paypal: 'PayPal', bank: 'تحويل بنكي' },
    reference: 'مرجع الطلب',
    credits: 'إشعار دائن للفاتورة رقم',
    reason: 'السبب',
    thanks: 'شكرًا لتعلّمك معنا.',
  },
  so: {
    invoice: 'Qaansheeg',
    creditNote: 'Qaansheegta Lacag-celinta',
    number: 'Lambarka',
    issued: 'Taariikhda la soo saaray',
    paidOn: 'Taariikhda lacag-bixinta',
    refundedOn: 'Taariikhda lacag-celinta',
    due: 'Waqtiga bixinta',
    dueOnReceipt: 'Marka la helo',
    seller: 'Iibiyaha',
    buyer: 'Macmiilka',
    taxId: 'Lambarka canshuurta',
    description: 'Faahfaahin',
    quantity: 'Tirada',
    unitPrice: 'Qiimaha halkii',
    amount: 'Qaddarka',
    subtotal: 'Wadarta hoose',
    discount: 'Qiimo-dhimis',
    tax: 'Canshuur',
    includedTax: 'Canshuurta ku jirta',
    pricesIncludeTax: 'Qiimayaashu waxay ku jiraan canshuurta.',
    total: 'Wadarta guud',
    totalCredited: 'Wadarta la celiyay',
    amountPaid: 'Lacagta la bixiyay',
    amountDue: 'Lacagta lagu leeyahay',
    amountRefunded: 'Lacagta la celiyay',
    paidWith: 'Lagu bixiyay',
    refundedVia: 'Lagu celiyay',
    providers: { stripe: 'Kaar (Stripe)', paypal: 'PayPal', bank: 'Xawilaad bangi' },
    reference: 'Tixraaca dalabka',
    credits: 'Lacag-celinta qaansheegta',
    reason: 'Sababta',
    thanks: 'Waad ku mahadsan tahay inaad nala wax baranayso.',
  },
}

/** The Intl tag for a locale: Arabic keeps Western digits, as on the school's other documents (certificates). */
export const intlLocale = (locale: LocaleCode): string => (locale === 'ar' ? 'ar-u-nu-latn' : locale)

/** A date as people of the locale write it, in the school's time zone. */
export const formatInvoiceDate = (iso: string, locale: LocaleCode, timeZone: string): string =>
  new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'long', timeZone }).format(new Date(iso))

/** A tax rate given in percent (15, 7.5) as the locale writes a percentage. */
export const formatRate = (percent: number, locale: LocaleCode): string =>
  new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 3 }).format(percent / 100)

/** A quantity in the locale's digits and grouping. */
export const formatQuantity = (quantity: number, locale: LocaleCode): string => new Intl.NumberFormat(intlLocale(locale)).format(quantity)
