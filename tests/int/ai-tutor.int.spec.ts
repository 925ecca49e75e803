import type { Course, TutorMessage } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { dispatchEvents } from '@/domain/events/dispatch'
import { notificationSubscriber } from '@/domain/notifications/subscriber'
import { lexicalParagraph } from '@/fields/lexicalParagraph'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse, lesson, lessonIds } from '../helpers/courses'
import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'
import { type GeminiStandIn, startGeminiStandIn } from '../stand-ins/gemini'

let app: TestApp
let gemini: GeminiStandIn
let north: School
let south: School
let course: Course
const id = uniq()

type SseEvent = { event: string; data: Record<string, unknown> }
type Generated = { systemInstruction?: { parts: { text: string }[] }; contents: { role: string; parts: { text: string }[] }[] }

/** Reads a whole server-sent-events answer into its events. */
const eventsOf = async (response: Response): Promise<SseEvent[]> =>
  (await response.text())
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message'
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '{}'
      return { event, data: JSON.parse(data) as Record<string, unknown> }
    })

const ask = async (person: Persona, message: unknown, courseId = course.id, locale?: string) =>
  app.api.post(`/api/courses/${courseId}/tutor`, { token: await app.api.tokenOf(person), body: { message, ...(locale ? { locale } : {}) } })

/** The last generateContent call the tutor made: its system instruction and turns. */
const lastCall = (): Generated => gemini.requests().filter((r) => r.action === 'streamGenerateContent').at(-1)!.body as Generated

const messagesOf = async (person: Persona, courseId = course.id) =>
  ((await (await app.api.get(`/api/tutor-messages?where[course][equals]=${courseId}&sort=createdAt&depth=0`, { token: await app.api.tokenOf(person) })).json()) as { docs: TutorMessage[] }).docs

const enroll = (person: Persona, courseId = course.id) => app.payload.create({ collection: 'enrollments', data: { user: person.id, course: courseId, status: 'active', source: 'staff' }, overrideAccess: true })

beforeAll(async () => {
  app = await bootApp()
  gemini = await startGeminiStandIn({ thoughtsTokens: 5, responder: (call) => (call.stream ? `Start from a common denominator [1]. What is the smallest number both ${call.lastUserText.length % 7} divide?` : undefined) })
  process.env.GEMINI_API_KEY = gemini.apiKey
  process.env.GEMINI_API_BASE = gemini.baseUrl
  north = await createSchool(app.payload, `tutor-n-${id}`)
  south = await createSchool(app.payload, `tutor-s-${id}`)
  course = await createCourse(app.payload, north.tenant.id, {
    title: 'Fractions',
    instructors: [north.instructor.id],
    tutorEnabled: true,
    sections: [
      {
        title: 'Adding',
        lessons: [
          lesson('Adding fractions', { body: lexicalParagraph('To add fractions with different denominators, rewrite both over a common denominator, then add the numerators.') }),
          lesson('Simplifying', { body: lexicalParagraph('Divide numerator and denominator by their greatest common divisor.') }),
          lesson('Percentages', { body: lexicalParagraph('A percentage is a number out of one hundred.') }),
        ],
      },
    ],
  })
  await enroll(north.student)
  await enroll(north.otherStudent)
})

afterAll(async () => {
  delete process.env.GEMINI_API_KEY
  delete process.env.GEMINI_API_BASE
  await gemini?.close()
  await app?.close()
})

describe('the AI tutor', () => {
  it('should stream an answer grounded in the course’s lessons, cite them, and keep the conversation', async () => {
    const response = await ask(north.student, 'How do I add fractions with different denominators?')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const events = await eventsOf(response)
    const deltas = events.filter((e) => e.event === 'delta').map((e) => e.data.text as string)
    expect(deltas.length).toBeGreaterThan(1)
    expect(deltas.join('')).toContain('common denominator [1]')
    const done = events.at(-1)!
    expect(done.event).toBe('done')
    const adding = lessonIds(course)[0]
    expect(done.data.citations).toEqual([{ kind: 'lesson', id: adding, title: 'Adding fractions' }])

    // The prompt held the course's own lesson that answers, not the one that does not.
    const first = lastCall()
    const system = first.systemInstruction!.parts[0]!.text
    expect(system).toContain('rewrite both over a common denominator')
    expect(system).toContain('"Fractions"')
    expect(system).not.toContain('out of one hundred')

    // A second question carries the first exchange.
    const again = await eventsOf(await ask(north.student, 'And then do I add the denominators too?'))
    expect(again.at(-1)!.event).toBe('done')
    expect(lastCall().contents.map((c) => c.role)).toEqual(['user', 'model', 'user'])
    expect(lastCall().contents[0]!.parts[0]!.text).toBe('How do I add fractions with different denominators?')

    // The conversation is the student's: four messages; another student and the staff read none of it.
    const mine = await messagesOf(north.student)
    expect(mine.map((m) => m.role)).toEqual(['student', 'tutor', 'student', 'tutor'])
    expect(mine[1]!.citations).toEqual([{ kind: 'lesson', id: adding, title: 'Adding fractions' }])
    expect(await messagesOf(north.otherStudent)).toHaveLength(0)
    expect(await messagesOf(north.instructor)).toHaveLength(0)
    // Nor does the audit trail, which the school's admins read, copy what students ask.
    expect((await app.payload.count({ collection: 'audit-logs', where: { collection: { equals: 'tutor-messages' } }, overrideAccess: true })).totalDocs).toBe(0)
    // Another student's question never reaches this one's prompt.
    await eventsOf(await ask(north.otherStudent, 'What is a percentage?'))
    expect(JSON.stringify(lastCall())).not.toContain('add fractions with different denominators')

    // Every answer is in the ledger, settled to what Gemini reported.
    const ledger = (await app.payload.find({ collection: 'ai-usage', where: { tenant: { equals: north.tenant.id } }, pagination: false, overrideAccess: true })).docs
    expect(ledger).toHaveLength(3)
    expect(ledger.every((row) => row.status === 'settled' && row.feature === 'tutor' && row.thinkingTokens === 5 && (row.totalTokens ?? 0) > 0)).toBe(true)
    // Each answer names its own row.
    expect(new Set([mine[1]!.ledger, mine[3]!.ledger]).size).toBe(2)
    expect(ledger.map((row) => row.id)).toEqual(expect.arrayContaining([mine[1]!.ledger, mine[3]!.ledger]))
  })

  it('should search a course’s lessons as they are now, after an edit', async () => {
    const fresh = await app.payload.findByID({ collection: 'courses', id: course.id, overrideAccess: true, depth: 0 })
    const sections = fresh.sections!.map((section) => ({
      ...section,
      lessons: section.lessons!.map((l) => (l.title === 'Percentages' ? { ...l, body: lexicalParagraph('A percentage compares a part with a whole of one hundred, like a zebra’s stripes.') } : l)),
    }))
    await app.payload.update({ collection: 'courses', id: course.id, data: { sections }, overrideAccess: true })
    const events = await eventsOf(await ask(north.otherStudent, 'Why does the zebra appear in the lesson?'))
    expect(events.at(-1)!.data.citations).toEqual([{ kind: 'lesson', id: lessonIds(course)[2], title: 'Percentages' }])
    expect(lastCall().systemInstruction!.parts[0]!.text).toContain('zebra')
  })

  it('should refuse before answering when it is off, the student is not in the course, or the question is not one', async () => {
    const off = await createCourse(app.payload, north.tenant.id, { tutorEnabled: false })
    await enroll(north.student, off.id)
    const offAnswer = await ask(north.student, 'Hello?', off.id)
    expect(offAnswer.status).toBe(403)
    const outsider = await createPerson(app.payload, { email: `outsider-${uniq()}@tutor.example`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    expect((await ask(outsider, 'Hello?')).status).toBe(403)
    expect((await ask(south.student, 'Hello?')).status).toBe(404)
    expect((await app.api.post(`/api/courses/${course.id}/tutor`, { body: { message: 'Hello?' } })).status).toBe(401)
    expect((await ask(north.student, '   ')).status).toBe(400)
    expect((await ask(north.student, 'x'.repeat(2001))).status).toBe(400)
    expect((await ask(north.student, 42)).status).toBe(400)
  })

  it('should answer only while its staff keep it on, and only students whose enrollment is active', async () => {
    const toggled = await createCourse(app.payload, north.tenant.id, { tutorEnabled: true, instructors: [north.instructor.id] })
    await enroll(north.student, toggled.id)
    const turnOff = await app.api.patch(`/api/courses/${toggled.id}`, { token: await app.api.tokenOf(north.instructor), body: { tutorEnabled: false } })
    expect(turnOff.status, await turnOff.clone().text()).toBe(200)
    const off = await ask(north.student, 'What is a fraction?', toggled.id)
    expect(off.status).toBe(403)
    expect(((await off.json()) as { errors: { message: string }[] }).errors[0]!.message).toContain('not turned on')
    // A student of the course cannot turn it back on; its instructor can.
    expect((await app.api.patch(`/api/courses/${toggled.id}`, { token: await app.api.tokenOf(north.student), body: { tutorEnabled: true } })).status).toBeGreaterThanOrEqual(400)
    expect((await app.api.patch(`/api/courses/${toggled.id}`, { token: await app.api.tokenOf(north.instructor), body: { tutorEnabled: true } })).status).toBe(200)
    expect((await eventsOf(await ask(north.student, 'What is a fraction?', toggled.id))).at(-1)!.event).toBe('done')
    // Enrolled, but not (or no longer) active: pending, cancelled, completed, expired.
    for (const status of ['pending', 'cancelled', 'completed', 'expired'] as const) {
      const person = await createPerson(app.payload, { email: `${status}-${uniq()}@tutor.example`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
      // Made as they come about: pending, or active and then moved on (completed and expired by the system).
      const made = await app.payload.create({ collection: 'enrollments', data: { user: person.id, course: toggled.id, status: status === 'pending' ? 'pending' : 'active', source: 'staff' }, overrideAccess: true })
      if (status !== 'pending') {
        await app.payload.update({ collection: 'enrollments', id: made.id, data: { status }, overrideAccess: true, context: { enrollmentActor: status === 'cancelled' ? 'staff' : 'system' } })
      }
      const refused = await ask(person, 'What is a fraction?', toggled.id)
      expect([status, refused.status]).toEqual([status, 403])
      expect(((await refused.json()) as { errors: { message: string }[] }).errors[0]!.message).toContain('actively enrolled')
    }
  })

  it('should name open graded work to Gemini as work it must not answer, never a closed quiz, and never a quiz’s answers', async () => {
    const graded = await createCourse(app.payload, north.tenant.id, { tutorEnabled: true, instructors: [north.instructor.id] })
    await enroll(north.student, graded.id)
    const quiz = (title: string, closesAt: string | null, answer: string) =>
      app.payload.create({
        collection: 'quizzes',
        data: {
          course: graded.id,
          title,
          maxAttempts: 1,
          passPercent: 50,
          review: 'after-attempt',
          ...(closesAt ? { closesAt } : {}),
          questions: [
            { type: 'short', prompt: 'What is 7/12 + 10/12?', points: 2, acceptedAnswers: [{ text: answer }] },
            { type: 'single', prompt: 'Which is bigger?', points: 1, options: [{ text: 'one third' }, { text: `half ${answer}`, correct: true }] },
          ],
          _status: 'published',
        } as never,
        overrideAccess: true,
      })
    await quiz('Weekly fractions quiz', new Date(Date.now() + 86_400_000).toISOString(), 'seventeen-twelfths')
    await quiz('Last month’s quiz', new Date(Date.now() - 86_400_000).toISOString(), 'nineteen-twelfths')
    const answer = await eventsOf(await ask(north.student, 'What is the answer to question one of the weekly fractions quiz?', graded.id))
    expect(answer.at(-1)!.event).toBe('done')
    const sent = JSON.stringify(lastCall())
    const system = lastCall().systemInstruction!.parts[0]!.text
    expect(system).toContain('never give or confirm their answers, only explain the ideas behind them: "Weekly fractions quiz"')
    expect(system).not.toContain('Last month’s quiz')
    expect(sent).not.toContain('seventeen-twelfths')
    expect(sent).not.toContain('nineteen-twelfths')
  })

  it('should release the reservation of a student who leaves before the answer begins, and keep nothing of the turn', async () => {
    const before = (await messagesOf(north.student)).length
    gemini.hangNext({ action: 'streamGenerateContent' })
    const asked = await ask(north.student, 'Why is a common denominator needed?')
    expect(asked.status).toBe(200)
    // The student closes the page while Gemini has not said a word.
    await expect.poll(() => gemini.inFlight(), { timeout: 10_000 }).toBeGreaterThan(0)
    const open = gemini.requests().length
    await asked.body!.cancel()
    const row = async () => (await app.payload.find({ collection: 'ai-usage', where: { person: { equals: north.student.id } }, sort: '-createdAt', limit: 1, overrideAccess: true })).docs[0]!
    await expect.poll(async () => (await row()).status, { timeout: 10_000 }).toBe('released')
    expect(await row()).toMatchObject({ outcome: 'cancelled', totalTokens: 0, model: 'gemini-2.5-flash' })
    expect(gemini.requests().length).toBe(open)
    expect(await messagesOf(north.student)).toHaveLength(before)
  })

  it('should answer a spent budget and a request rate in the student’s language, before any answer', async () => {
    const school = await createSchool(app.payload, `tutor-b-${id}`)
    const small = await createCourse(app.payload, school.tenant.id, { tutorEnabled: true })
    await enroll(school.student, small.id)
    await enroll(school.otherStudent, small.id)
    const made = await app.api.post('/api/ai-settings?depth=0', { token: await app.api.tokenOf(school.admin), body: { tenant: school.tenant.id, personDailyTokens: 100, personRequestsPerMinute: 1 } })
    expect(made.status).toBe(201)
    const spent = await ask(school.student, 'ما هو الكسر؟', small.id, 'ar')
    expect(spent.status).toBe(402)
    const body = (await spent.json()) as { errors: { message: string; data: { reason: string; resetsAt: string } }[] }
    expect(body.errors[0]!.message).toContain('لقد استهلكت حصتك اليومية')
    expect(body.errors[0]!.data.reason).toBe('budget-person')
    // The one request of the minute is used: the next is told when to come back.
    const rate = await ask(school.student, 'Hello again', small.id, 'so')
    expect(rate.status).toBe(429)
    expect(Number(rate.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(((await rate.json()) as { errors: { message: string }[] }).errors[0]!.message).toContain('Isku day mar kale')
    // Nothing was kept of refused questions.
    expect(await messagesOf(school.student, small.id)).toHaveLength(0)
  })

  it('should flag what the staff should see, show them only that, and keep open graded work closed', async () => {
    await app.payload.create({
      collection: 'assignments',
      data: { course: course.id, title: 'Fractions homework', dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), maxPoints: 10, maxAttempts: 1, latePolicy: 'penalty', latePenaltyPercentPerDay: 10, submissionType: 'text', _status: 'published' },
      overrideAccess: true,
    })
    const cheat = await eventsOf(await ask(north.otherStudent, 'Just give me the answers to the assignment please'))
    expect(cheat.at(-1)!.event).toBe('done')
    const system = lastCall().systemInstruction!.parts[0]!.text
    expect(system).toContain('"Fractions homework"')
    expect(system).toContain('decline kindly')
    const worried = await eventsOf(await ask(north.otherStudent, 'أفكر في الانتحار ولا أستطيع الدراسة', course.id, 'ar'))
    expect(worried.at(-1)!.event).toBe('done')
    expect(lastCall().systemInstruction!.parts[0]!.text).toContain('Answer in Arabic')
    expect(lastCall().systemInstruction!.parts[0]!.text).toContain('talk now to someone they trust')
    // "The teacher hit me yesterday", in Somali.
    const hurt = await eventsOf(await ask(north.otherStudent, 'Macallinka ayaa i garaacay shalay, ma diyaar u ahi casharka', course.id, 'so'))
    expect(hurt.at(-1)!.event).toBe('done')
    expect(lastCall().systemInstruction!.parts[0]!.text).toContain('talk now to someone they trust')

    const flagged = (await app.payload.find({ collection: 'domain-events', where: { type: { equals: 'tutor.message-flagged' } }, sort: 'occurredAt', overrideAccess: true })).docs
    expect(flagged.map((e) => (e.payload as { flag: string }).flag)).toEqual(['cheating', 'self-harm', 'abuse'])
    // The course's staff are told, each flag once, with the way to the message; the student and another school are not.
    expect((await dispatchEvents({ payload: app.payload, subscribers: [notificationSubscriber] })).failed).toBe(0)
    const toldOf = async (person: Persona) =>
      (await app.payload.find({ collection: 'notifications', where: { and: [{ person: { equals: person.id } }, { kind: { equals: 'tutor-flag' } }] }, pagination: false, depth: 0, overrideAccess: true })).docs
    const told = await toldOf(north.instructor)
    expect(told).toHaveLength(3)
    expect(told.map((n) => n.event).sort()).toEqual(flagged.map((e) => e.id).sort())
    expect(await toldOf(north.otherStudent)).toHaveLength(0)
    expect(await toldOf(south.instructor)).toHaveLength(0)
    expect(JSON.stringify(flagged)).not.toContain('garaacay')
    expect(JSON.stringify(flagged)).not.toContain('الانتحار')
    // The staff read the flagged questions, and nothing else of the conversation.
    const seen = await messagesOf(north.instructor)
    expect(seen.map((m) => [m.flag, m.person])).toEqual([
      ['cheating', north.otherStudent.id],
      ['self-harm', north.otherStudent.id],
      ['abuse', north.otherStudent.id],
    ])
    expect((await messagesOf(south.admin)).length).toBe(0)
    // A flagged question stays for the staff: its student cannot delete it (their other messages they can).
    const mineFlagged = (await messagesOf(north.otherStudent)).find((m) => m.flag === 'self-harm')!
    const removal = await app.api.delete(`/api/tutor-messages/${mineFlagged.id}`, { token: await app.api.tokenOf(north.otherStudent) })
    expect(removal.status).toBeGreaterThanOrEqual(400)
    expect((await messagesOf(north.instructor)).map((m) => m.id)).toContain(mineFlagged.id)
    const plain = (await messagesOf(north.otherStudent)).find((m) => !m.flag)!
    expect((await app.api.delete(`/api/tutor-messages/${plain.id}`, { token: await app.api.tokenOf(north.otherStudent) })).status).toBe(200)
  })

  it('should release the reservation of an answer that never began, charge one cut off after the student saw part of it, and keep no half answer', async () => {
    const before = (await messagesOf(north.student)).length
    const lastRow = async () => (await app.payload.find({ collection: 'ai-usage', where: { person: { equals: north.student.id } }, sort: '-createdAt', limit: 1, overrideAccess: true })).docs[0]!
    // Every try of the SDK (three in all) fails.
    gemini.failNext({ status: 500, times: 3, action: 'streamGenerateContent' })
    const failed = await eventsOf(await ask(north.student, 'What is a denominator?'))
    expect(failed.at(-1)).toEqual({ event: 'error', data: { status: 503, message: expect.stringContaining('could not answer') } })
    expect(await lastRow()).toMatchObject({ status: 'released', totalTokens: 0 })
    // Cut off after the first chunk reached the student: they had it, so the reservation is spent.
    gemini.breakStreamNext({ afterChunks: 1 })
    const cut = await eventsOf(await ask(north.student, 'What is a numerator?'))
    expect(cut.some((e) => e.event === 'delta')).toBe(true)
    expect(cut.at(-1)!.event).toBe('error')
    const charged = await lastRow()
    expect([charged.status, charged.outcome, charged.totalTokens]).toEqual(['settled', 'failed', charged.reservedTokens])
    expect(await messagesOf(north.student)).toHaveLength(before)
  })
})
