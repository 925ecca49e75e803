import React from 'react'

import { direction, learnContext } from '@/learn/context'
import { Header } from '@/learn/Header'
import { LoginForm } from '@/learn/LoginForm'

export const dynamic = 'force-dynamic'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

const LoginPage = async ({ searchParams }: Props) => {
  const params = await searchParams
  const context = learnContext(params)
  return (
    <div className="learn-page" lang={context.locale} dir={direction(context.locale)}>
      <Header context={context} path="/learn/login" />
      <LoginForm context={context} next={typeof params.next === 'string' ? params.next : '/learn'} />
    </div>
  )
}

export default LoginPage
