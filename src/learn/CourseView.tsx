'use client'

import type { Course, Enrollment } from '@/payload-types'

import React, { useCallback, useEffect, useState } from 'react'

import { BuyCourse } from './BuyCourse'
import { callApi, type LearnContext, learnHref } from './context'
import { ClassSummaries } from './ClassSummaries'
import { CourseQuizzes } from './CourseQuizzes'
import { findCourse } from './findCourse'
import { LiveClasses } from './LiveClasses'
import { moneyText } from './moneyText'
import { RichText } from './RichText'
import { STRINGS } from './strings'

type List<T> = { docs: T[] }
type Me = { user: { id: number } | null }
type Errors = { errors?: { message: string }[] }
type Certificate = { serial: string; file?: { url?: string | null } | null }

/** One course: outline for everyone, lessons and progress for its students. */
export const CourseView = ({ context, slug }: { context: LearnContext; slug: string }) => {
  const t = STRINGS[context.locale]
  const [course, setCourse] = useState<Course | null | undefined>(undefined)
  const [me, setMe] = useState<Me['user']>(null)
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [certificate, setCertificate] = useState<Certificate | null>(null)

  const load = useCallback(async () => {
    const doc = await findCourse(context, slug)
    setCourse(doc)
    const who = (await callApi<Me>(context, '/api/users/me')).body?.user ?? null
    setMe(who)
    if (doc && who) {
      const mine = await callApi<List<Enrollment>>(
        context,
        `/api/enrollments?where[course][equals]=${doc.id}&where[user][equals]=${who.id}&depth=0&limit=1`,
      )
      const current = mine.body?.docs?.[0] ?? null
      setEnrollment(current)
      if (current?.status === 'completed') {
        const issued = await callApi<List<Certificate>>(
          context,
          `/api/certificates?where[enrollment][equals]=${current.id}&where[status][equals]=valid&depth=1&limit=1`,
        )
        setCertificate(issued.body?.docs?.[0] ?? null)
      }
    }
  }, [context, slug])

  useEffect(() => {
    void load()
  }, [load])

  if (course === undefined) {
    return <main aria-busy="true" />
  }
  if (course === null) {
    return (
      <main>
        <p role="alert">404</p>
        <a href={learnHref('/learn', context)}>{t.backToCatalog}</a>
      </main>
    )
  }

  const enroll = async () => {
    const { status, body } = await callApi<{ doc?: Enrollment } & Errors>(context, `/api/courses/${course.id}/enroll`, { method: 'POST' })
    if (body?.doc) {
      setEnrollment(body.doc)
      await load()
    } else {
      setMessage(body?.errors?.[0]?.message ?? `Error ${status}`)
    }
  }

  const complete = async (lessonId: string) => {
    const { body } = await callApi<Partial<Enrollment> & Errors & { completedLessons?: string[] }>(
      context,
      `/api/courses/${course.id}/lessons/${lessonId}/complete`,
      { method: 'POST' },
    )
    if (body?.errors) {
      setMessage(body.errors[0]?.message ?? null)
    }
    await load()
  }

  const learning = enrollment?.status === 'active' || enrollment?.status === 'completed'
  const { amount, currency } = course.price ?? {}
  const price = course.enrollmentPolicy === 'paid' && amount && currency ? { amount, currency } : undefined
  const mayJoin = !enrollment || enrollment.status === 'cancelled' || enrollment.status === 'expired'
  const startedAt = enrollment?.activatedAt ? new Date(enrollment.activatedAt).getTime() : Date.now()
  // Mirrors the server's drip rule; the server still decides what it sends.
  const isReleased = (days: number | null | undefined) => startedAt + (days ?? 0) * 86_400_000 <= Date.now()
  const done = new Set(((enrollment?.completedLessons as { lesson: string }[] | null) ?? []).map((c) => c.lesson))

  return (
    <main>
      <a href={learnHref('/learn', context)}>{t.backToCatalog}</a>
      <h1>{course.title}</h1>
      {course.summary ? <p>{course.summary}</p> : null}
      <RichText value={course.description} />
      <section aria-label="enrollment">
        {price && mayJoin ? (
          <p data-testid="price">
            {t.price}: {moneyText(price.amount, price.currency, context.locale)}
          </p>
        ) : null}
        {!me ? (
          <a href={learnHref('/learn/login', context, { next: `/learn/courses/${slug}` })}>{price ? t.loginToBuy : t.loginToEnroll}</a>
        ) : mayJoin && price ? (
          <BuyCourse context={context} courseId={course.id} />
        ) : mayJoin ? (
          <button type="button" onClick={enroll}>
            {t.enroll}
          </button>
        ) : enrollment.status === 'pending' ? (
          <p>{t.requested}</p>
        ) : (
          <p data-testid="enrollment-status">
            {enrollment.status === 'completed' ? t.completed : t.enrolled} · {t.progress(enrollment.progress ?? 0)}
          </p>
        )}
        {enrollment?.status === 'completed' ? (
          <div data-testid="certificate">
            <h2>{t.certificate}</h2>
            {certificate ? (
              <p>
                {certificate.file?.url ? <a href={certificate.file.url}>{t.downloadCertificate}</a> : null} ·{' '}
                <a href={`/verify/${certificate.serial}`}>{t.verifyCertificate}</a>
              </p>
            ) : (
              <p>{t.certificatePending}</p>
            )}
          </div>
        ) : null}
        {message ? <p role="alert">{message}</p> : null}
      </section>
      {course.tutorEnabled && enrollment?.status === 'active' ? (
        <p>
          <a href={learnHref(`/learn/courses/${slug}/tutor`, context)} data-testid="tutor-link">
            {t.askTutor}
          </a>
        </p>
      ) : null}
      {learning && me ? <LiveClasses context={context} courseId={course.id} userId={me.id} /> : null}
      {learning && me ? <CourseQuizzes context={context} courseId={course.id} slug={slug} userId={me.id} /> : null}
      {learning && me ? <ClassSummaries context={context} courseId={course.id} /> : null}
      {(course.sections ?? []).map((section) => (
        <section key={section.id} className="course-section">
          <h2>{section.title}</h2>
          <ol>
            {(section.lessons ?? []).map((lesson) => (
              <li key={lesson.id} id={lesson.id ? `lesson-${lesson.id}` : undefined} data-testid="lesson">
                <h3>{lesson.title}</h3>
                {!learning ? (
                  <p className="muted">{t.locked}</p>
                ) : !isReleased(lesson.releaseAfterDays) ? (
                  <p className="muted">{t.opensLater}</p>
                ) : (
                  <>
                    <RichText value={lesson.body} />
                    {lesson.videoUrl ? (
                      <a href={lesson.videoUrl} rel="noopener noreferrer" target="_blank">
                        {lesson.videoUrl}
                      </a>
                    ) : null}
                    {lesson.liveNote ? <p>{lesson.liveNote}</p> : null}
                    {lesson.id && done.has(lesson.id) ? (
                      <span>✓ {t.done}</span>
                    ) : (
                      <button type="button" onClick={() => complete(lesson.id!)}>
                        {t.markComplete}
                      </button>
                    )}
                  </>
                )}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </main>
  )
}
