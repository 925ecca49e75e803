import React from 'react'

import { direction, learnContext } from '@/learn/context'
import { Header } from '@/learn/Header'
import { QuizView } from '@/learn/QuizView'

export const dynamic = 'force-dynamic'

type Props = {
  params: Promise<{ slug: string; id: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

/** One quiz of a course: its attempts, taken and reviewed here. */
const QuizPage = async ({ params, searchParams }: Props) => {
  const { slug, id } = await params
  const context = learnContext(await searchParams)
  return (
    <div className="learn-page" lang={context.locale} dir={direction(context.locale)}>
      <Header context={context} path={`/learn/courses/${slug}/quizzes/${id}`} />
      <QuizView context={context} slug={slug} quizId={/^\d{1,12}$/.test(id) ? Number(id) : null} />
    </div>
  )
}

export default QuizPage
