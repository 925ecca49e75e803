import type { Coupon, PaymentSetting } from '@/payload-types'

export type Quote = {
  currency: string
  unitAmount: number
  quantity: number
  subtotal: number
  discount: number
  /** Percent. */
  taxRate: number
  taxIncluded: boolean
  tax: number
  total: number
}

/** Half away from zero, on integers of the smallest unit. */
const round = (value: number): number => Math.sign(value) * Math.round(Math.abs(value))

/**
 * What a buyer pays, from the server's own price, coupon and the school's tax: the discount
 * comes off the subtotal; tax is then added, or, when prices include it, taken out of what is
 * left. Everything in the currency's smallest unit.
 */
export const quote = ({
  unitAmount,
  currency,
  quantity = 1,
  coupon,
  settings,
}: {
  unitAmount: number
  currency: string
  quantity?: number
  coupon?: Pick<Coupon, 'kind' | 'percentOff' | 'amountOff'>
  settings?: Pick<PaymentSetting, 'taxRate' | 'pricesIncludeTax'>
}): Quote => {
  const subtotal = unitAmount * quantity
  const off = !coupon ? 0 : coupon.kind === 'fixed' ? (coupon.amountOff ?? 0) : round((subtotal * (coupon.percentOff ?? 0)) / 100)
  const discount = Math.min(subtotal, off)
  const net = subtotal - discount
  const taxRate = settings?.taxRate ?? 0
  // Basis points keep a rate such as 7.5 % exact in integer arithmetic.
  const basisPoints = Math.round(taxRate * 100)
  const taxIncluded = Boolean(settings?.pricesIncludeTax)
  const tax = taxIncluded ? round((net * basisPoints) / (10_000 + basisPoints)) : round((net * basisPoints) / 10_000)
  return { currency, unitAmount, quantity, subtotal, discount, taxRate, taxIncluded, tax, total: taxIncluded ? net : net + tax }
}
