import React from 'react'

import { direction, learnContext } from '@/learn/context'
import { Header } from '@/learn/Header'
import { InvitationForm } from '@/learn/InvitationForm'

export const dynamic = 'force-dynamic'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

/** `/learn/invitation?token=…`: where an invitation email leads. */
const InvitationPage = async ({ searchParams }: Props) => {
  const params = await searchParams
  const context = learnContext(params)
  const token = typeof params.token === 'string' ? params.token.slice(0, 100) : ''
  return (
    <div className="learn-page" lang={context.locale} dir={direction(context.locale)}>
      <Header context={context} path="/learn/invitation" />
      <InvitationForm context={context} token={token} />
    </div>
  )
}

export default InvitationPage
