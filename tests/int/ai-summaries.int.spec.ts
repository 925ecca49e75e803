import { createLocalReq } from 'payload'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Course, LiveClass, Quiz, RecordingSummary } from '@/payload-types'

import { summarySubscriber } from '@/domain/ai/summaries/subscriber'
import { summarizeRecording } from '@/domain/ai/summaries/summarize'
import { dispatchEvents } from '@/domain/events/dispatch'
import { lexicalParagraph } from '@/fields/lexicalParagraph'
import { loggerOptions } from '@/http/logging'
import { ZOOM_SIGNATURE_HEADER, ZOOM_TIMESTAMP_HEADER } from '@/services/zoom'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse, lesson, lessonIds } from '../helpers/courses'
import { createSchool, type Persona, type School, uniq } from '../helpers/personas'
import { startWebhookRelay } from '../helpers/webhookRelay'
import { forgetZoomJobs, runZoomJobs } from '../helpers/zoomJobs'
import { type GeminiCall, type GeminiStandIn, startGeminiStandIn } from '../stand-ins/gemini'
import { startZoomStandIn, type ZoomStandIn, zoomTestAccount } from '../stand-ins/zoom'

let app: TestApp
let gemini: GeminiStandIn
let zoom: ZoomStandIn
let relay: Awaited<ReturnType<typeof startWebhookRelay>>
let north: School
let south: School
const id = uniq()
const account = zoomTestAccount({ hosts: 1 })
const minute = 60_000

const localized = (en: string, ar: string, so: string) => ({ en, ar, so })

/** What the model writes of a class: two good key points, one past the recording's end and one without English (both dropped). */
const SUMMARY = {
  title: localized('Adding fractions', 'جمع الكسور', 'Isku darka jajabyada'),
  summary: localized('The class showed how to add fractions over a common denominator.', 'أوضح الدرس كيف نجمع الكسور بمقام مشترك.', 'Casharku wuxuu muujiyay sida loo isku daro jajabyada.'),
  keyPoints: [
    { at: 4, text: localized('Rewrite both fractions over a common denominator.', 'أعد كتابة الكسرين بمقام مشترك.', 'Dib u qor labada jajab.') },
    { at: 0, text: localized('Fractions name parts of a whole.', 'الكسور أجزاء من كل.', 'Jajabyadu waa qaybo.') },
    { at: 9999, text: localized('After the end.', 'بعد النهاية.', 'Dhammaadka kadib.') },
    { at: 2, text: { ar: 'بلا إنجليزية' } },
  ],
}

/** Three questions, the second with an answer that is not among its options. */
const QUESTIONS = {
  title: 'Fractions check',
  questions: [
    { type: 'single', prompt: 'What is 1/2 + 1/3 over a common denominator?', options: ['2/5', '5/6', '1/6'], answers: ['5/6'], explanation: 'Sixths: 3/6 + 2/6.', points: 2 },
    { type: 'single', prompt: 'Which denominator is common to 1/4 and 1/6?', options: ['10', '24'], answers: ['12'], explanation: 'Twelve.' },
    { type: 'short', prompt: 'What do we call the bottom number of a fraction?', options: [], answers: ['denominator', 'the denominator'], explanation: 'It names the parts.' },
  ],
}

const schemaHas = (call: GeminiCall, key: string) => JSON.stringify(call.schema ?? {}).includes(`"${key}"`)

/** The model: a summary, questions or a tutor's streamed answer, as each call asks. */
const responder = (call: GeminiCall): unknown => {
  if (call.json && schemaHas(call, 'keyPoints')) {
    return SUMMARY
  }
  if (call.json && schemaHas(call, 'questions')) {
    return QUESTIONS
  }
  return call.stream ? 'Put both over a common denominator first [1].' : undefined
}

type Generated = { systemInstruction?: { parts: { text: string }[] }; contents: { role: string; parts: { text: string }[] }[] }
const calls = (action: string) => gemini.requests().filter((r) => r.action === action).map((r) => r.body as Generated)
const promptOf = (body: Generated) => [body.systemInstruction?.parts[0]?.text ?? '', ...body.contents.map((c) => c.parts.map((p) => p.text).join('\n'))].join('\n')

const tokenOf = (person: Persona) => app.api.tokenOf(person)
const eventsOf = async (type: string, subjectId: number) =>
  (await app.payload.find({ collection: 'domain-events', where: { and: [{ type: { equals: type } }, { subjectId: { equals: String(subjectId) } }] }, overrideAccess: true })).docs
const summaryOf = async (recording: number): Promise<RecordingSummary | undefined> =>
  (await app.payload.find({ collection: 'recording-summaries', where: { recording: { equals: recording } }, depth: 0, overrideAccess: true, showHiddenFields: true, locale: 'all' as never })).docs[0] as RecordingSummary | undefined
const ledgerOf = async (feature: string, course: number) =>
  (await app.payload.find({ collection: 'ai-usage', where: { and: [{ feature: { equals: feature } }, { course: { equals: course } }] }, sort: 'id', pagination: false, depth: 0, overrideAccess: true })).docs
const runAiJobs = () => app.payload.jobs.run({ queue: 'ai' })

/** A stored transcript of a class of the course, as the Zoom copy leaves it (the Zoom path is the first test's). */
const storedTranscript = async (school: School, course: number, text: string) => {
  const klass = await app.payload.create({ collection: 'live-classes', data: { tenant: school.tenant.id, course, title: `Class ${uniq()}`, host: school.instructor.id, startsAt: new Date(Date.now() + 500 * 86_400_000 + Math.random() * 1e9).toISOString(), durationMinutes: 30, status: 'scheduled' }, overrideAccess: true })
  return app.payload.create({ collection: 'recordings', data: { tenant: school.tenant.id, liveClass: klass.id, course, kind: 'transcript', status: 'stored', name: 'class.vtt', transcript: text, zoomFileId: `f-${uniq()}` }, overrideAccess: true })
}

beforeAll(async () => {
  zoom = await startZoomStandIn({ accounts: [account] })
  app = await bootApp({ ZOOM_API_BASE: zoom.apiBase, ZOOM_OAUTH_BASE: zoom.baseUrl }, { ownDatabase: true })
  gemini = await startGeminiStandIn({ thoughtsTokens: 7, responder })
  process.env.GEMINI_API_KEY = gemini.apiKey
  process.env.GEMINI_API_BASE = gemini.baseUrl
  relay = await startWebhookRelay(app, [ZOOM_SIGNATURE_HEADER, ZOOM_TIMESTAMP_HEADER])
  north = await createSchool(app.payload, `sum-n-${id}`)
  south = await createSchool(app.payload, `sum-s-${id}`)
  await app.payload.create({
    collection: 'zoom-settings',
    data: { tenant: north.tenant.id, accountId: account.accountId, clientId: account.clientId, clientSecret: account.clientSecret, webhookSecret: account.webhookSecret, hosts: [{ email: account.users[1]!.email }] },
    overrideAccess: true,
  })
  zoom.setWebhookUrl(account.accountId, `${relay.origin}/api/webhooks/zoom/${north.tenant.slug}`)
})

afterAll(async () => {
  delete process.env.GEMINI_API_KEY
  delete process.env.GEMINI_API_BASE
  await forgetZoomJobs(app?.payload)
  await relay?.close()
  await zoom?.close()
  await gemini?.close()
  await app?.close()
})

describe('from a class’s transcript to a completed course', () => {
  it('should summarise the transcript, let the instructor publish it, ground the tutor in it, write a quiz from it that the student takes, and complete the course', async () => {
    const course: Course = await createCourse(app.payload, north.tenant.id, {
      title: 'Fractions',
      instructors: [north.instructor.id],
      tutorEnabled: true,
      sections: [{ title: 'Basics', lessons: [lesson('Percentages', { body: lexicalParagraph('A percentage is a number out of one hundred.') })] }],
    })
    const enrollment = await app.payload.create({ collection: 'enrollments', data: { user: north.student.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })

    // The class is held on Zoom and recorded; its files are copied home and told.
    const startsAt = Math.floor(Date.now() / 1000) * 1000 + 30 * minute
    const made = await app.api.post('/api/live-classes', { token: await tokenOf(north.instructor), body: { course: course.id, title: 'Adding fractions', host: north.instructor.id, startsAt: new Date(startsAt).toISOString(), durationMinutes: 60 } })
    expect(made.status, await made.clone().text()).toBe(201)
    const klassId = ((await made.json()) as { doc: LiveClass }).doc.id
    await runZoomJobs(app.payload)
    const meetingId = (await app.payload.findByID({ collection: 'live-classes', id: klassId, depth: 0, overrideAccess: true })).zoom!.meetingId!
    await zoom.startMeeting(meetingId, { at: startsAt })
    const link = (await (await app.api.get(`/api/live-classes/${klassId}/join`, { token: await tokenOf(north.student) })).json()) as { url: string }
    await zoom.join(meetingId, { joinUrl: link.url }, { at: startsAt + minute })
    await zoom.endMeeting(meetingId, { at: startsAt + 50 * minute, record: true })
    await runZoomJobs(app.payload)
    const transcript = (await app.payload.find({ collection: 'recordings', where: { and: [{ liveClass: { equals: klassId } }, { kind: { equals: 'transcript' } }] }, depth: 0, overrideAccess: true })).docs[0]!
    expect(transcript.status).toBe('stored')

    // The event queues one summary, however often it is dispatched; the job writes the draft.
    await dispatchEvents({ payload: app.payload, subscribers: [summarySubscriber] })
    await dispatchEvents({ payload: app.payload, subscribers: [summarySubscriber] })
    expect((await app.payload.count({ collection: 'payload-jobs', where: { taskSlug: { equals: 'summarizeRecording' } }, overrideAccess: true })).totalDocs).toBe(1)
    gemini.clearRequests()
    await runAiJobs()
    const summaryCall = calls('generateContent')
    expect(summaryCall).toHaveLength(1)
    expect(promptOf(summaryCall[0]!)).toContain('"Fractions"')
    expect(promptOf(summaryCall[0]!)).toMatch(/\[00:00:00\] .+: Good morning, everyone\./)

    const draft = (await summaryOf(transcript.id))!
    expect(draft._status).toBe('draft')
    expect(draft.title).toEqual(SUMMARY.title)
    expect(draft.summary).toEqual(SUMMARY.summary)
    // In the order of the recording, with their timestamps; the two that could not be used counted.
    expect(draft.keyPoints!.map((p) => [p.at, p.timestamp, (p.text as unknown as Record<string, string>).ar])).toEqual([
      [0, '0:00', 'الكسور أجزاء من كل.'],
      [4, '0:04', 'أعد كتابة الكسرين بمقام مشترك.'],
    ])
    expect(draft.generation).toMatchObject({ state: 'written', droppedKeyPoints: 2, error: null })
    const [summaryLedger] = await ledgerOf('summaries', course.id)
    expect(summaryLedger).toMatchObject({ id: draft.generation!.ledger, person: null, status: 'settled', outcome: 'ok', thinkingTokens: 7 })
    expect(await eventsOf('summary.drafted', draft.id)).toHaveLength(1)

    // Run again, the job writes nothing and spends nothing.
    expect(await summarizeRecording(await createLocalReq({}, app.payload), transcript.id)).toEqual({ outcome: 'skipped' })
    expect(await ledgerOf('summaries', course.id)).toHaveLength(1)

    // The draft is the staff's: the student does not see it, nor its tutor.
    expect((await app.api.get(`/api/recording-summaries/${draft.id}`, { token: await tokenOf(north.student) })).status).toBe(404)
    expect((await app.api.get(`/api/recording-summaries/${draft.id}`, { token: await tokenOf(south.admin) })).status).toBe(404)
    expect([403, 404]).toContain((await app.api.patch(`/api/recording-summaries/${draft.id}`, { token: await tokenOf(south.admin), body: { title: 'Taken' } })).status)
    expect((await summaryOf(transcript.id))!.title).toEqual(SUMMARY.title)

    // The instructor edits the Arabic and publishes.
    const published = await app.api.patch(`/api/recording-summaries/${draft.id}?locale=ar`, {
      token: await tokenOf(north.instructor),
      body: { summary: 'نجمع الكسور بعد توحيد المقامات.', _status: 'published' },
    })
    expect(published.status, await published.clone().text()).toBe(200)
    expect(await eventsOf('summary.published', draft.id)).toHaveLength(1)
    const read = (await (await app.api.get(`/api/recording-summaries/${draft.id}?locale=ar`, { token: await tokenOf(north.student) })).json()) as RecordingSummary
    expect([read.title, read.summary, read.keyPoints!.map((p) => p.timestamp)]).toEqual(['جمع الكسور', 'نجمع الكسور بعد توحيد المقامات.', ['0:00', '0:04']])
    expect(read.generation).toBeUndefined()

    // The tutor finds the published summary and cites it.
    const asked = await app.api.post(`/api/courses/${course.id}/tutor`, { token: await tokenOf(north.student), body: { message: 'How do I add fractions with a common denominator?' } })
    const answer = await asked.text()
    expect(answer).toContain('event: done')
    expect(answer).toContain(JSON.stringify({ kind: 'summary', id: String(draft.id), title: 'Adding fractions' }))
    expect(promptOf(calls('streamGenerateContent').at(-1)!)).toContain('Rewrite both fractions over a common denominator.')

    // The instructor has a quiz written from it: the unusable question is dropped and told.
    gemini.clearRequests()
    const generated = await app.api.post('/api/quizzes/generate', { token: await tokenOf(north.instructor), body: { course: course.id, summary: draft.id, questionCount: 5, types: ['single', 'short'] } })
    expect(generated.status, await generated.clone().text()).toBe(201)
    const result = (await generated.json()) as { quiz: { id: number; title: string }; questions: number; dropped: { index: number; reason: string }[] }
    expect([result.quiz.title, result.questions]).toEqual(['Fractions check', 2])
    expect(result.dropped).toEqual([{ index: 1, reason: 'an answer is not among its options' }])
    expect(promptOf(calls('generateContent')[0]!)).toContain('The class showed how to add fractions over a common denominator.')
    const quizLedger = await ledgerOf('quiz-generation', course.id)
    expect(quizLedger.map((row) => [row.person, row.status])).toEqual([[north.instructor.id, 'settled']])

    // A draft the student cannot see until the instructor, having reviewed it, publishes it.
    expect((await app.api.get(`/api/quizzes/${result.quiz.id}`, { token: await tokenOf(north.student) })).status).toBe(404)
    const quizDraft = (await (await app.api.get(`/api/quizzes/${result.quiz.id}?draft=true`, { token: await tokenOf(north.instructor) })).json()) as Quiz
    expect(quizDraft.generated).toEqual({ source: `Recording summary ${draft.id}: Adding fractions`, droppedQuestions: 1, ledger: quizLedger[0]!.id })
    expect(quizDraft.questions!.map((q) => [q.type, q.points, q.type === 'short' ? q.acceptedAnswers!.map((a) => a.text) : q.options!.map((o) => [o.text, o.correct])])).toEqual([
      ['single', 2, [['2/5', false], ['5/6', true], ['1/6', false]]],
      ['short', 1, ['denominator', 'the denominator']],
    ])
    const publish = await app.api.patch(`/api/quizzes/${result.quiz.id}`, { token: await tokenOf(north.instructor), body: { _status: 'published', requiredForCompletion: true, passPercent: 60 } })
    expect(publish.status, await publish.clone().text()).toBe(200)
    expect(await eventsOf('quiz.published', result.quiz.id)).toHaveLength(1)

    // The student studies the lesson, takes the quiz and passes: the score is in the gradebook, the course complete.
    for (const lessonId of lessonIds(course)) {
      expect((await app.api.post(`/api/courses/${course.id}/lessons/${lessonId}/complete`, { token: await tokenOf(north.student) })).status).toBe(200)
    }
    const status = async () => (await app.payload.findByID({ collection: 'enrollments', id: enrollment.id, depth: 0, overrideAccess: true })).status
    expect(await status()).toBe('active')
    const started = await app.api.post(`/api/quizzes/${result.quiz.id}/attempts`, { token: await tokenOf(north.student) })
    expect(started.status).toBe(201)
    const view = (await started.json()) as { attempt: { id: number }; questions: { id: string; type: string; options?: { id: string; text: string }[] }[] }
    const answers = Object.fromEntries(view.questions.map((q) => [q.id, q.type === 'single' ? q.options!.find((o) => o.text === '5/6')!.id : 'Denominator']))
    const graded = await app.api.post(`/api/quiz-attempts/${view.attempt.id}/submit`, { token: await tokenOf(north.student), body: { answers } })
    expect(graded.status).toBe(201)
    expect((await graded.json()) as { grade: { score: number; percent: number; passed: boolean } }).toMatchObject({ grade: { score: 3, maxScore: 3, percent: 100, passed: true } })
    const book = (await (await app.api.get(`/api/courses/${course.id}/gradebook`, { token: await tokenOf(north.instructor) })).json()) as { students: { id: number; quizzes: Record<string, { score: number; passed: boolean }> }[] }
    expect(book.students.find((s) => s.id === north.student.id)!.quizzes[result.quiz.id]).toMatchObject({ score: 3, passed: true })
    expect(await status()).toBe('completed')
  })
})

describe('recording summaries', () => {
  it('should leave a summary failed with why when its budget is spent or the answer is unusable, and let the staff ask again', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })
    const recording = await storedTranscript(north, course.id, '[00:00:01] Host: Welcome.\n[00:10:00] Host: Vectors have a size and a direction.')
    const setBudget = async (summariesMonthlyTokens: number | null) => {
      const settings = (await app.payload.find({ collection: 'ai-settings', where: { tenant: { equals: north.tenant.id } }, overrideAccess: true })).docs[0]
      if (settings) {
        await app.payload.update({ collection: 'ai-settings', id: settings.id, data: { summariesMonthlyTokens }, overrideAccess: true })
      } else {
        await app.payload.create({ collection: 'ai-settings', data: { tenant: north.tenant.id, summariesMonthlyTokens }, overrideAccess: true })
      }
    }
    await setBudget(10)
    const req = await createLocalReq({}, app.payload)
    expect(await summarizeRecording(req, recording.id)).toEqual({ outcome: 'refused' })
    let summary = (await summaryOf(recording.id))!
    expect(summary.generation).toMatchObject({ state: 'failed', error: expect.stringContaining('This AI feature has used its allowance for this month.') })
    expect(summary.title).toEqual({ en: null, ar: null, so: null })
    // Not published while it has no words.
    const early = await app.api.patch(`/api/recording-summaries/${summary.id}`, { token: await tokenOf(north.instructor), body: { _status: 'published' } })
    expect(early.status).toBe(400)
    expect(await early.text()).toContain('A published summary needs a title.')

    // Asking again: only the course's staff, and only once the budget allows it does the draft come.
    const regenerate = async (person: Persona) => app.api.post(`/api/recording-summaries/${summary.id}/regenerate`, { token: await tokenOf(person) })
    expect((await regenerate(north.student)).status).toBe(404)
    expect((await regenerate(south.admin)).status).toBe(404)
    await setBudget(null)
    expect((await regenerate(north.instructor)).status).toBe(202)
    // Pressed again before it ran: one draft asked for, one call.
    expect((await regenerate(north.instructor)).status).toBe(409)
    await runAiJobs()
    expect(await ledgerOf('summaries', course.id)).toHaveLength(1)
    summary = (await summaryOf(recording.id))!
    expect(summary.generation?.state).toBe('written')
    // The point at 0:04 is kept, the one past the transcript's end (10:00 and a minute) dropped.
    expect(summary.keyPoints!.map((p) => p.timestamp)).toEqual(['0:00', '0:04'])

    // A broken answer leaves the draft as it was, marked failed; a published summary is never overwritten.
    gemini.setJsonFault('malformed')
    expect((await regenerate(north.instructor)).status).toBe(202)
    await runAiJobs()
    gemini.setJsonFault(undefined)
    summary = (await summaryOf(recording.id))!
    expect(summary.generation).toMatchObject({ state: 'failed', error: 'The model’s answer was not JSON.' })
    expect(summary.title).toEqual(SUMMARY.title)

    // A worker cut off mid-call leaves it being written: it may be asked for again once that is stale.
    const writing = (minutesAgo: number) => app.payload.update({ collection: 'recording-summaries', id: summary.id, data: { generation: { state: 'writing', startedAt: new Date(Date.now() - minutesAgo * minute).toISOString() } }, overrideAccess: true })
    await writing(1)
    expect((await regenerate(north.instructor)).status).toBe(409)
    await writing(20)
    expect((await regenerate(north.instructor)).status).toBe(202)
    await runAiJobs()
    expect((await summaryOf(recording.id))!.generation?.state).toBe('written')

    expect((await app.api.patch(`/api/recording-summaries/${summary.id}`, { token: await tokenOf(north.admin), body: { _status: 'published' } })).status).toBe(200)
    // Published, it keeps its words.
    expect((await app.api.patch(`/api/recording-summaries/${summary.id}`, { token: await tokenOf(north.admin), body: { title: '', summary: '' } })).status).toBe(400)
    expect((await summaryOf(recording.id))!.title).toEqual(SUMMARY.title)
    const refused = await regenerate(north.instructor)
    expect(refused.status).toBe(409)
    expect(await summarizeRecording(req, recording.id, { again: true })).toEqual({ outcome: 'skipped' })
    // Nor do the staff move it to another course or recording.
    const other = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })
    await app.api.patch(`/api/recording-summaries/${summary.id}`, { token: await tokenOf(north.admin), body: { course: other.id, recording: null } })
    expect(await summaryOf(recording.id)).toMatchObject({ id: summary.id, course: course.id })
  })
})

describe('a Gemini that cannot be reached', () => {
  it('should leave the summary to be tried again by its job, logging why and never the key', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })
    const recording = await storedTranscript(north, course.id, '[00:00:01] Host: Welcome.\n[00:05:00] Host: Ratios compare two amounts.')
    const lines: string[] = []
    const kept = app.payload.logger
    // Payload's logger as configured, writing here: what an operator's log would hold.
    app.payload.logger = pino(loggerOptions('info') as pino.LoggerOptions, { write: (line: string) => lines.push(line) })
    // Every try of the SDK fails.
    gemini.failNext({ status: 500, times: 3, action: 'generateContent' })
    const job = await app.payload.jobs.queue({ task: 'summarizeRecording', input: { recording: recording.id }, queue: 'ai' })
    try {
      await runAiJobs()
    } finally {
      app.payload.logger = kept
      gemini.clearFaults()
    }
    const summary = (await summaryOf(recording.id))!
    expect(summary.generation).toMatchObject({ state: 'failed', error: expect.stringContaining('Gemini could not be reached') })
    expect(await ledgerOf('summaries', course.id)).toMatchObject([{ status: 'released', outcome: 'failed', totalTokens: 0 }])
    const logged = lines.join('\n')
    expect(logged).toContain('Error running task')
    expect(logged).toContain('Gemini could not be reached')
    expect(logged).not.toContain(gemini.apiKey)
    expect(JSON.stringify(summary)).not.toContain(gemini.apiKey)
    // Not failed for good: the job runs again after its backoff.
    const waiting = await app.payload.findByID({ collection: 'payload-jobs', id: job.id, overrideAccess: true })
    expect(waiting).toMatchObject({ totalTried: 1, hasError: false })
    expect(new Date(waiting.waitUntil!).getTime()).toBeGreaterThan(Date.now())
    await app.payload.delete({ collection: 'payload-jobs', id: job.id, overrideAccess: true })
  })
})

describe('quiz generation', () => {
  it('should keep only usable questions, save nothing when none is, and answer only the course’s staff', async () => {
    const course = await createCourse(app.payload, north.tenant.id, {
      instructors: [north.instructor.id],
      sections: [{ title: 'Vectors', lessons: [lesson('Vectors', { body: lexicalParagraph('A vector has a size and a direction.') }), lesson('Scalars', { body: lexicalParagraph('A scalar has only a size.') })] }],
    })
    const generate = async (person: Persona | undefined, body: Record<string, unknown>) => app.api.post('/api/quizzes/generate', { ...(person ? { token: await tokenOf(person) } : {}), body: { course: course.id, ...body } })
    const quizzesOf = async () => (await app.payload.count({ collection: 'quizzes', where: { course: { equals: course.id } }, overrideAccess: true })).totalDocs

    // Only the course's staff; another school's learns nothing of the course.
    expect((await generate(undefined, {})).status).toBe(401)
    expect((await generate(north.student, {})).status).toBe(403)
    expect((await generate(south.instructor, {})).status).toBe(404)
    expect((await generate(north.instructor, { questionCount: 99 })).status).toBe(400)
    expect((await generate(north.instructor, { lessons: ['not-a-lesson'] })).status).toBe(400)
    expect((await generate(north.instructor, { types: ['essay'] })).status).toBe(400)

    // From one lesson, in Arabic: only its words are sent.
    gemini.clearRequests()
    const made = await generate(north.instructor, { lessons: [lessonIds(course)[1]], locale: 'ar', title: 'اختبار قصير' })
    expect(made.status, await made.clone().text()).toBe(201)
    const prompt = promptOf(calls('generateContent')[0]!)
    expect(prompt).toContain('A scalar has only a size.')
    expect(prompt).not.toContain('direction')
    expect(prompt).toContain('in العربية')
    const quiz = (await app.payload.findByID({ collection: 'quizzes', id: ((await made.json()) as { quiz: { id: number } }).quiz.id, draft: true, locale: 'ar', depth: 0, overrideAccess: true })) as Quiz
    expect([quiz._status, quiz.title, quiz.questionCount]).toEqual(['draft', 'اختبار قصير', 2])

    // Every other item broken on the way: those are dropped, the rest kept.
    gemini.setResponder(() => ({ title: 'Six', questions: Array.from({ length: 6 }, (_, i) => ({ type: 'true-false', prompt: `Statement ${i}`, options: [], answers: [i % 3 === 0 ? 'false' : 'true'], explanation: 'Because.' })) }))
    gemini.setJsonFault('invalid-items')
    const broken = await generate(north.instructor, { questionCount: 6 })
    gemini.setJsonFault(undefined)
    expect(broken.status).toBe(201)
    const brokenBody = (await broken.json()) as { questions: number; dropped: { index: number }[] }
    expect([brokenBody.questions, brokenBody.dropped.map((d) => d.index)]).toEqual([3, [1, 3, 5]])

    // None usable: 422 and no quiz, though the call was spent.
    gemini.setResponder(() => ({ title: 'Bad', questions: [{ type: 'single', prompt: 'Pick', options: ['a', 'a'], answers: ['a'], explanation: 'x' }, { type: 'true-false', prompt: 'Maybe', answers: ['perhaps'], explanation: 'x' }] }))
    const before = await quizzesOf()
    const none = await generate(north.instructor, {})
    expect(none.status).toBe(422)
    expect(((await none.json()) as { errors: { data: { dropped: unknown[] } }[] }).errors[0]!.data.dropped).toHaveLength(2)
    expect(await quizzesOf()).toBe(before)
    gemini.setResponder(responder)

    // A spent budget refuses before any call.
    const settings = (await app.payload.find({ collection: 'ai-settings', where: { tenant: { equals: north.tenant.id } }, overrideAccess: true })).docs[0]!
    await app.payload.update({ collection: 'ai-settings', id: settings.id, data: { quizGenerationMonthlyTokens: 10 }, overrideAccess: true })
    gemini.clearRequests()
    const spent = await generate(north.instructor, {})
    await app.payload.update({ collection: 'ai-settings', id: settings.id, data: { quizGenerationMonthlyTokens: null }, overrideAccess: true })
    expect(spent.status).toBe(402)
    expect(calls('generateContent')).toHaveLength(0)
  })
})
