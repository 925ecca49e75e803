import React from 'react'

import { direction, learnContext } from '@/learn/context'
import { Header } from '@/learn/Header'
import { NotificationCenter } from '@/learn/NotificationCenter'

export const dynamic = 'force-dynamic'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

const NotificationsPage = async ({ searchParams }: Props) => {
  const context = learnContext(await searchParams)
  return (
    <div className="learn-page" lang={context.locale} dir={direction(context.locale)}>
      <Header context={context} path="/learn/notifications" />
      <NotificationCenter context={context} />
    </div>
  )
}

export default NotificationsPage
