import React from 'react'

import { isLocaleCode } from '@/i18n/locales'
import { learnContext } from '@/learn/context'
import { OrderView } from '@/learn/OrderView'

export const dynamic = 'force-dynamic'

type Props = {
  params: Promise<{ reference: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

/** Where providers send the buyer back: OrderView draws the whole page, in the order's language unless the address names one. */
const OrderPage = async ({ params, searchParams }: Props) => {
  const { reference } = await params
  const query = await searchParams
  return <OrderView context={learnContext(query)} localeChosen={isLocaleCode(query.locale)} reference={reference} />
}

export default OrderPage
