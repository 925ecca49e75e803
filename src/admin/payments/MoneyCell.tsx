import type { DefaultServerCellComponentProps } from 'payload'

import React from 'react'

import { formatMoney } from '@/domain/payments/money'

import { moneyLocale } from './strings'

/**
 * An amount column of orders, payments and invoices, written as money in the row's currency
 * (`4900` and `USD` read "$49.00"); the stored integer when the row has no usable currency.
 */
export const MoneyCell = ({ cellData, rowData, i18n }: DefaultServerCellComponentProps) => {
  const currency = typeof rowData.currency === 'string' ? rowData.currency : ''
  if (typeof cellData !== 'number') {
    return null
  }
  try {
    return <span className="money-cell">{formatMoney(cellData, currency, moneyLocale(i18n.language))}</span>
  } catch {
    // Intl refuses a malformed currency code: the bare amount is still the truth.
    return <span className="money-cell">{cellData}</span>
  }
}
