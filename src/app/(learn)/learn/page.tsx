import React from 'react'

import { Catalog } from '@/learn/Catalog'
import { direction, learnContext } from '@/learn/context'
import { Header } from '@/learn/Header'

export const dynamic = 'force-dynamic'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

const CatalogPage = async ({ searchParams }: Props) => {
  const params = await searchParams
  const context = learnContext(params)
  return (
    <div className="learn-page" lang={context.locale} dir={direction(context.locale)}>
      <Header context={context} path="/learn" />
      <Catalog context={context} initialQuery={typeof params.q === 'string' ? params.q : ''} />
    </div>
  )
}

export default CatalogPage
