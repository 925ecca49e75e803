import type { Assignment, Course, Media, Submission } from '@/payload-types'

import { createLocalReq } from 'payload'
import { expect } from 'vitest'

import { PDF_MINIMAL, PNG_1X1 } from '../fixtures/files'
import type { TestApp } from './boot'
import { createCourse, lessonIds } from './courses'
import { createSchool, createSuperAdmin, type Persona, type School } from './personas'

const LOCALES = { ar: 'مقدمة في البرمجة', so: 'Hordhac barnaamijyada' } as const

const fileForm = (name: string, bytes: Buffer, data?: Record<string, unknown>) => {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)]), name)
  if (data) {
    form.append('_payload', JSON.stringify(data))
  }
  return form
}

const expectStatus = async (response: Response, status: number): Promise<Response> => {
  expect(response.status, await response.clone().text()).toBe(status)
  return response
}

/** A course's localized fields written in another locale, keeping the ids of its sections and lessons. */
const inLocale = (course: Course, prefix: string, title: string) => ({
  title,
  summary: `${prefix}: ${title}`,
  sections: (course.sections ?? []).map((section) => ({
    ...section,
    title: `${prefix} ${section.title}`,
    lessons: (section.lessons ?? []).map((lesson) => ({ ...lesson, title: `${prefix} ${lesson.title}` })),
  })),
})

export type FilledSchool = School & { root: Persona; course: Course; media: Media[]; submission: Submission }

/**
 * A school with one of everything, made the way people make it (over the API where there is an
 * API, so audit entries, domain events and files come from the real paths): people in every
 * role, media in three languages as logo and cover, categories and tags, a course with sections
 * and lessons in English, Arabic and Somali (and its versions), enrollments, a hand-in with a
 * file, graded by rubric and released, a completed course and its certificate PDF (Chromium),
 * an API key, an invitation, a webhook endpoint whose deliveries were sent, and the events
 * dispatched to every subscriber (receipts, cursors, course activity). Needs clamd and a webhook
 * receiver the app may reach.
 */
export const fillSchool = async (app: TestApp, slug: string, webhookUrl: string): Promise<FilledSchool> => {
  const { payload, api } = app
  const school = await createSchool(payload, slug, { branding: { displayName: `Academy ${slug}`, primaryColor: '#0b6e4f' }, domains: [{ domain: `learn.${slug}.example.org` }] })
  const root = await createSuperAdmin(payload, slug)
  const admin = await api.tokenOf(school.admin)
  const tenant = school.tenant.id

  // Registered first, so the events below are delivered to it.
  await expectStatus(await api.post('/api/webhook-endpoints', { token: admin, body: { url: webhookUrl, events: ['enrollment.activated', 'enrollment.completed', 'submission.graded'], tenant } }), 201)

  const media: Media[] = []
  for (const [name, bytes] of [['logo.png', PNG_1X1], ['reading.pdf', PDF_MINIMAL]] as const) {
    const response = await expectStatus(await api.post('/api/media', { token: admin, form: fileForm(name, bytes, { tenant, alt: `${name} in English` }) }), 201)
    const doc = ((await response.json()) as { doc: Media }).doc
    for (const locale of ['ar', 'so'] as const) {
      await payload.update({ collection: 'media', id: doc.id, locale, data: { alt: `${name} (${locale})` }, overrideAccess: true })
    }
    media.push(doc)
  }
  // The logo makes a reference from the school to its media, which refer to the school: a cycle.
  await payload.update({ collection: 'tenants', id: tenant, data: { branding: { logo: media[0]!.id } }, overrideAccess: true })

  const parent = await payload.create({ collection: 'categories', data: { tenant, name: 'Computing', slug: `computing-${slug}` }, overrideAccess: true })
  const category = await payload.create({ collection: 'categories', data: { tenant, name: 'Programming', slug: `programming-${slug}`, parent: parent.id }, overrideAccess: true })
  const tag = await payload.create({ collection: 'tags', data: { tenant, name: 'Beginner', slug: `beginner-${slug}` }, overrideAccess: true })
  await payload.update({ collection: 'tags', id: tag.id, locale: 'ar', data: { name: 'للمبتدئين' }, overrideAccess: true })

  let course = await createCourse(payload, tenant, { instructors: [school.instructor.id], cover: media[0]!.id, category: category.id, tags: [tag.id] })
  for (const [locale, title] of Object.entries(LOCALES) as ['ar' | 'so', string][]) {
    course = await payload.update({ collection: 'courses', id: course.id, locale, data: inLocale(course, locale, title), overrideAccess: true })
  }

  for (const student of [school.student, school.otherStudent]) {
    await payload.create({ collection: 'enrollments', data: { user: student.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
  }
  const assignment: Assignment = await payload.create({
    collection: 'assignments',
    data: {
      course: course.id,
      title: 'Lab report',
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      maxPoints: 20,
      maxAttempts: 2,
      latePolicy: 'penalty',
      latePenaltyPercentPerDay: 10,
      submissionType: 'both',
      allowedFileTypes: ['pdf'],
      maxFileSizeMb: 1,
      rubric: [{ criterion: 'Argument', levels: [{ label: 'weak', points: 0 }, { label: 'strong', points: 20 }] }],
      _status: 'published',
    },
    overrideAccess: true,
  })
  const handIn = new FormData()
  handIn.append('file', new Blob([new Uint8Array(PDF_MINIMAL)]), 'My report.pdf')
  handIn.append('text', 'See the attached report')
  const submitted = await expectStatus(await api.post(`/api/assignments/${assignment.id}/submit`, { token: await api.tokenOf(school.student), form: handIn }), 201)
  const { doc: handedIn } = (await submitted.json()) as { doc: Submission }
  const criterion = assignment.rubric![0]!.id!
  const graded = await expectStatus(
    await api.post(`/api/submissions/${handedIn.id}/grade`, { token: await api.tokenOf(school.instructor), body: { rubricScores: [{ criterion, points: 20 }], feedback: 'Well argued', release: true } }),
    200,
  )
  const submission = ((await graded.json()) as { doc: Submission }).doc

  for (const lesson of lessonIds(course).slice(0, 2)) {
    await expectStatus(await api.post(`/api/courses/${course.id}/lessons/${lesson}/complete`, { token: await api.tokenOf(school.student) }), 200)
  }
  await payload.jobs.run({ queue: 'certificates' })
  expect((await payload.count({ collection: 'certificate-files', overrideAccess: true })).totalDocs).toBeGreaterThan(0)

  await expectStatus(await api.post('/api/api-keys', { token: admin, body: { name: 'Timetable sync', tenant } }), 201)
  await expectStatus(
    await api.post(`/api/courses/${course.id}/enrollments/bulk`, { token: admin, rawBody: `email,name,locale\nnewcomer@${slug}.example,Newcomer,so\n`, headers: { 'content-type': 'text/csv' } }),
    200,
  )
  // Money: the school's payment settings and a coupon (by its admin); a paid course bought by bank
  // transfer with a proof, approved, invoiced and its PDF rendered; a seat plan whose seat is given
  // (the subscription as Stripe's events leave it: the Stripe side is the payments tests').
  await expectStatus(await api.post('/api/payment-settings', { token: admin, body: { tenant, bankEnabled: true, bankDetails: 'Salaam Bank, IBAN SO00 1234', taxRate: 5, legalName: `${slug} Ltd` } }), 201)
  // Live classes: the school's Zoom account.
  await expectStatus(await api.post('/api/zoom-settings', { token: admin, body: { tenant, accountId: `acc-${slug}`, clientId: `client-${slug}`, clientSecret: 'zoom-client-secret', webhookSecret: 'zoom-secret-token', hosts: [{ email: `host@${slug}.example` }] } }), 201)
  await expectStatus(
    await api.post('/api/live-classes', { token: await api.tokenOf(school.instructor), body: { course: course.id, title: 'Live revision', agenda: 'Questions before the exam.', host: school.instructor.id, startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), durationMinutes: 45 } }),
    201,
  )
  // A student's attendance, as Zoom's registration and events leave it (the Zoom side is the attendance tests').
  const liveClass = (await payload.find({ collection: 'live-classes', where: { course: { equals: course.id } }, limit: 1, depth: 0, overrideAccess: true })).docs[0]!
  await payload.create({
    collection: 'attendance',
    data: { tenant, liveClass: liveClass.id, course: course.id, student: school.student.id, status: 'present', minutes: 40, share: 88.9, segments: [{ stay: '16778240', joinedAt: liveClass.startsAt, leftAt: liveClass.startsAt }], registration: { registrantId: `reg-${slug}`, meetingId: '85000000001', joinUrl: `https://zoom.example/w/85000000001?tk=${slug}` } },
    overrideAccess: true,
  })
  // A file of the class's recording, as recording.completed leaves it before the copy (the Zoom and storage side is the recordings tests').
  const transcript = await payload.create({
    collection: 'recordings',
    data: { tenant, liveClass: liveClass.id, course: course.id, kind: 'transcript', status: 'pending', name: 'class.vtt', zoomFileId: `file-${slug}`, zoomMeetingUuid: `uuid-${slug}==`, downloadUrl: `https://zoom.example/rec/download/${slug}`, downloadToken: `token-${slug}` },
    overrideAccess: true,
  })
  // Its summary as the AI leaves it (the Gemini side is the summaries tests'), then edited in Arabic and published by the instructor.
  const summary = await payload.create({
    collection: 'recording-summaries',
    data: { tenant, course: course.id, liveClass: liveClass.id, recording: transcript.id, title: 'Revision', summary: 'Loops and conditions, before the exam.', keyPoints: [{ at: 65, text: 'Loops end when their condition is false.' }], _status: 'draft', generation: { state: 'written', droppedKeyPoints: 0, ledger: 1 } },
    overrideAccess: true,
  })
  await expectStatus(
    await api.patch(`/api/recording-summaries/${summary.id}?locale=ar`, { token: await api.tokenOf(school.instructor), body: { title: 'مراجعة', summary: 'الحلقات والشروط قبل الامتحان.', keyPoints: summary.keyPoints!.map((point) => ({ id: point.id, at: point.at, text: 'تنتهي الحلقة عندما يصبح شرطها خاطئًا.' })), _status: 'published' } }),
    200,
  )
  // A quiz in three languages (by the instructor), taken and graded (by the student).
  const quizMade = await expectStatus(
    await api.post('/api/quizzes', {
      token: await api.tokenOf(school.instructor),
      body: {
        course: course.id,
        title: 'Check',
        _status: 'published',
        questions: [
          { type: 'true-false', prompt: 'Loops repeat.', statementIsTrue: true, points: 1, explanation: 'That is what they do.' },
          { type: 'single', prompt: 'Which keyword loops?', points: 1, options: [{ text: 'while', correct: true }, { text: 'if' }] },
          { type: 'short', prompt: 'Name a loop.', points: 1, acceptedAnswers: [{ text: 'for' }] },
        ],
      },
    }),
    201,
  )
  const quiz = ((await quizMade.json()) as { doc: { id: number; questions: ({ id: string } & Record<string, unknown>)[] } }).doc
  const arabic = ['الحلقات تتكرر.', 'أي كلمة تكرر؟', 'سمّ حلقة.']
  await payload.update({ collection: 'quizzes', id: quiz.id, locale: 'ar', data: { title: 'اختبار', questions: quiz.questions.map((q, i) => ({ ...q, prompt: arabic[i] })) }, overrideAccess: true })
  const started = await expectStatus(await api.post(`/api/quizzes/${quiz.id}/attempts`, { token: await api.tokenOf(school.student) }), 201)
  const attemptId = ((await started.json()) as { attempt: { id: number } }).attempt.id
  await expectStatus(await api.post(`/api/quiz-attempts/${attemptId}/submit`, { token: await api.tokenOf(school.student), body: { answers: { [quiz.questions[0]!.id]: true } } }), 201)
  // AI: the school's budgets (by its admin), and one call's reservation settled in the ledger
  // (the Gemini side is the AI tests').
  await expectStatus(await api.post('/api/ai-settings', { token: admin, body: { tenant, monthlyTokens: 500_000, personDailyTokens: 20_000 } }), 201)
  const { reserve, settle } = await import('@/domain/ai/budget')
  const aiReq = await createLocalReq({}, payload)
  const reserved = await reserve(aiReq, { tenant, person: school.student.id, feature: 'tutor', course: course.id, model: 'gemini-2.5-flash' }, { monthlyTokens: 500_000, personDailyTokens: 20_000, featureMonthlyTokens: null }, 600)
  expect(reserved.ok).toBe(true)
  await settle(aiReq, (reserved as { reservation: { id: number; tokens: number } }).reservation, { promptTokens: 200, outputTokens: 120, thinkingTokens: 30, totalTokens: 350 }, 850)
  // The tutor's lesson search, as the first question to the course builds it.
  const { retrievePassages } = await import('@/domain/ai/tutor/retrieval')
  expect(await retrievePassages(aiReq, { course: course.id, question: 'first steps', locale: 'en', activatedAt: null })).not.toHaveLength(0)
  for (const [role, text] of [['student', 'How do loops end?'], ['tutor', 'When their condition is false [1].']] as const) {
    await payload.create({ collection: 'tutor-messages', data: { tenant, person: school.student.id, course: course.id, role, text, locale: 'en', ...(role === 'tutor' ? { citations: [{ kind: 'lesson', id: lessonIds(course)[0], title: 'First steps' }], ledger: (reserved as { reservation: { id: number } }).reservation.id } : {}) }, overrideAccess: true })
  }
  await expectStatus(await api.post('/api/calendar-feeds', { token: await api.tokenOf(school.student), body: { tenant } }), 201)
  await expectStatus(await api.post('/api/coupons', { token: admin, body: { tenant, code: 'WELCOME', kind: 'percent', percentOff: 10 } }), 201)
  const forSale = await createCourse(payload, tenant, { enrollmentPolicy: 'paid', price: { amount: 2500, currency: 'USD' } })
  const buyer = await api.tokenOf(school.otherStudent)
  const bought = await expectStatus(await api.post('/api/orders/checkout', { token: buyer, body: { course: forSale.id, provider: 'bank', coupon: 'welcome' } }), 201)
  const orderId = ((await bought.json()) as { order: { id: number } }).order.id
  await expectStatus(await api.post(`/api/orders/${orderId}/proof`, { token: buyer, form: fileForm('transfer.pdf', PDF_MINIMAL) }), 200)
  await expectStatus(await api.post(`/api/orders/${orderId}/approve`, { token: admin }), 200)
  await payload.jobs.run({ queue: 'invoices' })
  const plan = await expectStatus(await api.post('/api/seat-plans', { token: admin, body: { tenant, name: 'Team', courses: [forSale.id], pricePerSeat: 1000, currency: 'USD', interval: 'month' } }), 201)
  const planId = ((await plan.json()) as { doc: { id: number } }).doc.id
  const seats = await payload.create({ collection: 'seat-subscriptions', data: { tenant, organisation: 'Acme', plan: planId, manager: school.student.id, seats: 2, status: 'active' }, overrideAccess: true })
  await expectStatus(await api.post(`/api/seat-subscriptions/${seats.id}/assign`, { token: await api.tokenOf(school.student), body: { person: school.instructor.id } }), 201)
  await payload.create({
    collection: 'provider-events',
    data: { provider: 'stripe', eventId: `evt_${slug}`, type: 'customer.subscription.updated', school: tenant, status: 'applied', attempts: 1, payload: { id: `evt_${slug}` }, receivedAt: new Date().toISOString() },
    overrideAccess: true,
  })

  // The assignment announced as due soon, as the reminder job does a day before (the reminder
  // goes to the other student, who has not handed it in).
  const { announceDueWork } = await import('@/domain/notifications/reminders')
  expect(await announceDueWork(await createLocalReq({}, payload), new Date(Date.parse(String(assignment.dueAt)) - 3_600_000))).toBeGreaterThanOrEqual(1)
  // A student's notification preferences; an address that bounced.
  await expectStatus(await api.post('/api/notification-preferences', { token: await api.tokenOf(school.student), body: { email: { courseUpdates: 'weekly' }, inApp: { teaching: 'hidden' } } }), 201)
  const { recordBounce } = await import('@/domain/notifications/email/send')
  await recordBounce(payload, `gone-${slug}@example.com`, '550 5.1.1 No such mailbox')

  // The outbox's events go to every subscriber (webhooks, notifications, course activity), and the webhooks out.
  // Imported here: they read the settings, which must not be read before bootApp sets the environment.
  const { dispatchEvents } = await import('@/domain/events/dispatch')
  const { sendDueWebhooks } = await import('@/domain/webhooks/sendDue')
  const { eventSubscribers } = await import('@/jobs/eventSubscribers')
  await dispatchEvents({ payload, subscribers: eventSubscribers })
  const sent = await sendDueWebhooks({ payload })
  expect(sent.succeeded).toBeGreaterThan(0)
  return { ...school, root, course, media, submission }
}
