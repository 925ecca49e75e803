import React from 'react'

import { direction, learnContext } from '@/learn/context'
import { Header } from '@/learn/Header'
import { Receipts } from '@/learn/Receipts'

export const dynamic = 'force-dynamic'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

const OrdersPage = async ({ searchParams }: Props) => {
  const context = learnContext(await searchParams)
  return (
    <div className="learn-page" lang={context.locale} dir={direction(context.locale)}>
      <Header context={context} path="/learn/orders" />
      <Receipts context={context} />
    </div>
  )
}

export default OrdersPage
