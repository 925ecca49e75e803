import React from 'react'

import { direction, learnContext } from '@/learn/context'
import { Header } from '@/learn/Header'
import { TutorChat } from '@/learn/TutorChat'

export const dynamic = 'force-dynamic'

type Props = {
  params: Promise<{ slug: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

/** A course's AI tutor: the student's conversation with it, in their language. */
const TutorPage = async ({ params, searchParams }: Props) => {
  const { slug } = await params
  const context = learnContext(await searchParams)
  return (
    <div className="learn-page" lang={context.locale} dir={direction(context.locale)}>
      <Header context={context} path={`/learn/courses/${slug}/tutor`} />
      <TutorChat context={context} slug={slug} />
    </div>
  )
}

export default TutorPage
