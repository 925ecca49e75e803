import React from 'react'

import { direction, learnContext } from '@/learn/context'
import { CourseView } from '@/learn/CourseView'
import { Header } from '@/learn/Header'

export const dynamic = 'force-dynamic'

type Props = {
  params: Promise<{ slug: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

const CoursePage = async ({ params, searchParams }: Props) => {
  const { slug } = await params
  const context = learnContext(await searchParams)
  return (
    <div className="learn-page" lang={context.locale} dir={direction(context.locale)}>
      <Header context={context} path={`/learn/courses/${slug}`} />
      <CourseView context={context} slug={slug} />
    </div>
  )
}

export default CoursePage
