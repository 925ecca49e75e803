import type { Quiz, QuizAttempt } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { normaliseAnswer, matchesAnswer } from '@/domain/coursework/quizzes/answerMatching'
import { buildPaper } from '@/domain/coursework/quizzes/paper'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse, lessonIds } from '../helpers/courses'
import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let south: School
let courseId: number
const id = uniq()

type ErrorBody = { errors: { message: string; data?: { errors?: { path: string; message: string }[] } }[] }
type Question = { id: string; number: number; type: string; points: number; prompt: string; options?: { id: string; text: string }[] }
type Reviewed = Question & { answer: unknown; awarded: number; outcome: string; correct?: unknown; explanation?: string | null }
type AttemptView = {
  resumed?: boolean
  attempt: { id: number; number: number; status: string; deadline: string | null; closedBy: string | null; submittedAt: string | null }
  quiz: { id: number; title: string }
  questions: (Question | Reviewed)[]
  answers?: Record<string, unknown>
  grade?: { score: number; maxScore: number; percent: number; passed: boolean }
  keyShown?: boolean
}

const tokenOf = (person: Persona) => app.api.tokenOf(person)
const messageOf = async (response: Response) => ((await response.json()) as ErrorBody).errors[0]?.message
/** A field error's own message (Payload's error says which field; its data says what is wrong). */
const fieldMessageOf = async (response: Response) => ((await response.json()) as ErrorBody).errors[0]?.data?.errors?.[0]?.message
const pathsOf = async (response: Response) => ((await response.json()) as ErrorBody).errors.flatMap((e) => e.data?.errors?.map((f) => f.path) ?? [])

/** Four questions, one of each type, worth 10 points in all. */
const questions = () => [
  { type: 'single', prompt: 'What is 2 + 2?', points: 2, options: [{ text: '3' }, { text: '4', correct: true }, { text: '5' }], explanation: 'Two and two make four.' },
  { type: 'multiple', prompt: 'Which are prime?', points: 4, options: [{ text: '2', correct: true }, { text: '3', correct: true }, { text: '4' }, { text: '9' }], explanation: '2 and 3 have no divisors but 1 and themselves.' },
  { type: 'true-false', prompt: 'Zero is even.', points: 1, statementIsTrue: true, explanation: 'Zero is divisible by two.' },
  { type: 'short', prompt: 'Capital of Egypt?', points: 3, acceptedAnswers: [{ text: 'Cairo' }], explanation: 'Cairo has been the capital since 969.' },
]

const makeQuiz = async (extra: Partial<Quiz> & Record<string, unknown> = {}): Promise<Quiz> =>
  (await app.payload.create({
    collection: 'quizzes',
    data: { course: courseId, title: `Check ${uniq()}`, maxAttempts: 2, passPercent: 60, review: 'after-attempt', questions: questions(), _status: 'published', ...extra } as never,
    overrideAccess: true,
  })) as Quiz

const start = async (quiz: number, person: Persona, locale?: string) =>
  app.api.post(`/api/quizzes/${quiz}/attempts${locale ? `?locale=${locale}` : ''}`, { token: await tokenOf(person) })

const startOk = async (quiz: number, person: Persona, locale?: string): Promise<AttemptView> => {
  const response = await start(quiz, person, locale)
  expect([200, 201], await response.clone().text()).toContain(response.status)
  return (await response.json()) as AttemptView
}

const submit = async (attempt: number, person: Persona, answers: Record<string, unknown>) =>
  app.api.post(`/api/quiz-attempts/${attempt}/submit`, { token: await tokenOf(person), body: { answers } })

/** The question ids of the quiz by type, whatever order the attempt shows them in. */
const byType = (view: AttemptView) => Object.fromEntries(view.questions.map((q) => [q.type, q])) as Record<string, Question>

/** A right answer to each question, from the option texts the student sees. */
const rightAnswers = (view: AttemptView) => {
  const q = byType(view)
  const option = (question: Question, text: string) => question.options!.find((o) => o.text === text)!.id
  return {
    [q.single!.id]: option(q.single!, '4'),
    [q.multiple!.id]: [option(q.multiple!, '2'), option(q.multiple!, '3')],
    [q['true-false']!.id]: true,
    [q.short!.id]: ' cairo. ',
  }
}

const enroll = (person: Persona, course = courseId, status: 'active' | 'completed' | 'cancelled' = 'active') =>
  app.payload.create({ collection: 'enrollments', data: { user: person.id, course, status, source: 'staff' }, overrideAccess: true })

const eventsOf = async (type: string, subjectId: number) =>
  (await app.payload.find({ collection: 'domain-events', where: { and: [{ type: { equals: type } }, { subjectId: { equals: String(subjectId) } }] }, overrideAccess: true })).docs

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `quiz-n-${id}`)
  south = await createSchool(app.payload, `quiz-s-${id}`)
  courseId = (await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })).id
  await enroll(north.student)
})

afterAll(() => app.close())

describe('short answers', () => {
  it('should match answers across case, spacing, end punctuation, Arabic diacritics, letter variants and digits', () => {
    expect(normaliseAnswer('  The   Nile! ')).toBe('the nile')
    expect(matchesAnswer('القاهِرَة', ['القاهرة'])).toBe(true)
    expect(matchesAnswer('القاهره', ['القاهرة'])).toBe(true)
    expect(matchesAnswer('إسلام', ['اسلام'])).toBe(true)
    expect(matchesAnswer('مصطفى', ['مصطفي'])).toBe(true)
    expect(matchesAnswer('كتـــاب', ['كتاب'])).toBe(true)
    expect(matchesAnswer('١٩٦٩', ['1969'])).toBe(true)
    expect(matchesAnswer('؟القاهرة،', ['القاهرة'])).toBe(true)
    // Different words stay different, and case counts when the question says so.
    expect(matchesAnswer('الجيزة', ['القاهرة'])).toBe(false)
    expect(matchesAnswer('cairo', ['Cairo'], true)).toBe(false)
    expect(matchesAnswer('Cairo', ['Cairo'], true)).toBe(true)
    expect(matchesAnswer('  ', ['Cairo'])).toBe(false)
  })
})

describe('quizzes', () => {
  it('should let the course staff create them, and refuse questions that cannot be graded', async () => {
    const post = async (person: Persona, body: Record<string, unknown>) =>
      app.api.post('/api/quizzes?depth=0', { token: await tokenOf(person), body: { course: courseId, title: 'Made over the API', questions: questions(), ...body } })
    const made = await post(north.instructor, {})
    expect(made.status, await made.clone().text()).toBe(201)
    const doc = ((await made.json()) as { doc: Quiz }).doc
    expect([doc.tenant, doc.questionCount, doc.totalPoints]).toEqual([north.tenant.id, 4, 10])
    expect((await post(north.student, {})).status).toBe(403)
    // Another school's course answers as a missing one.
    expect((await post(south.admin, {})).status).toBe(400)

    const bad = await post(north.instructor, {
      questions: [
        { type: 'single', prompt: 'Two right?', points: 1, options: [{ text: 'a', correct: true }, { text: 'b', correct: true }] },
        { type: 'multiple', prompt: 'None right?', points: 1, options: [{ text: 'a' }, { text: 'b' }] },
        { type: 'single', prompt: 'One option?', points: 1, options: [{ text: 'a', correct: true }] },
        { type: 'short', prompt: 'No answer?', points: 1 },
      ],
      lesson: 'no-such-lesson',
    })
    expect(bad.status).toBe(400)
    expect(await pathsOf(bad)).toEqual(expect.arrayContaining(['questions.0.options', 'questions.1.options', 'questions.2.options', 'questions.3.acceptedAnswers', 'lesson']))
    const empty = await post(north.instructor, { questions: [], _status: 'published' })
    expect(await pathsOf(empty)).toContain('questions')
    // A draft may be unfinished.
    expect((await post(north.instructor, { questions: [], _status: 'draft' })).status).toBe(201)
    const window = await post(north.instructor, { opensAt: '2027-01-02T00:00:00Z', closesAt: '2027-01-01T00:00:00Z' })
    expect(await pathsOf(window)).toContain('closesAt')
  })

  it('should never show a student the questions or answers outside an attempt', async () => {
    const quiz = await makeQuiz()
    const token = await tokenOf(north.student)
    const read = (await (await app.api.get(`/api/quizzes/${quiz.id}`, { token })).json()) as Record<string, unknown>
    expect(read.title).toBe(quiz.title)
    expect(read.questions ?? []).toEqual([])
    const listed = JSON.stringify(await (await app.api.get(`/api/quizzes?where[id][equals]=${quiz.id}`, { token })).json())
    expect(listed).not.toContain('Cairo')
    expect(listed).not.toContain('What is 2 + 2?')
    // Filtering by an answer would tell it.
    const probe = await app.api.get(`/api/quizzes?where[questions.acceptedAnswers.text][equals]=Cairo`, { token })
    expect(probe.status).toBe(400)
    expect(await messageOf(probe)).toContain('cannot be queried')
    const gql = JSON.stringify(await app.api.graphql(`{ Quiz(id: ${quiz.id}) { title questions { prompt statementIsTrue acceptedAnswers { text } options { text correct } } } }`, {}, { token }))
    expect(gql).not.toContain('Cairo')
    expect(gql).not.toContain('What is 2 + 2?')
    // The course's staff read them all.
    const staff = (await (await app.api.get(`/api/quizzes/${quiz.id}`, { token: await tokenOf(north.instructor) })).json()) as Quiz
    expect(staff.questions).toHaveLength(4)
    // A draft is nobody's but the staff's.
    const draft = await makeQuiz({ _status: 'draft' })
    expect((await start(draft.id, north.student)).status).toBe(404)
    expect((await app.api.get(`/api/quizzes/${draft.id}`, { token })).status).toBe(404)
  })

  it('should give an attempt its questions without answers, grade it on hand-in, and count it once', async () => {
    const quiz = await makeQuiz({ review: 'after-attempt' })
    const first = await startOk(quiz.id, north.student)
    expect(first.resumed).toBe(false)
    expect(first.attempt).toMatchObject({ number: 1, status: 'in-progress' })
    expect(first.questions).toHaveLength(4)
    const sent = JSON.stringify(first)
    for (const secret of ['Cairo', 'correct', 'statementIsTrue', 'acceptedAnswers', 'explanation', 'Two and two']) {
      expect(sent).not.toContain(secret)
    }
    // Starting again resumes the attempt in progress.
    const again = await startOk(quiz.id, north.student)
    expect([again.resumed, again.attempt.id]).toEqual([true, first.attempt.id])
    const paper = JSON.stringify(await (await app.api.get(`/api/quiz-attempts/${first.attempt.id}/paper`, { token: await tokenOf(north.student) })).json())
    expect(paper).not.toContain('Cairo')
    // The student's own attempt over REST has no paper either.
    const own = (await (await app.api.get(`/api/quiz-attempts/${first.attempt.id}`, { token: await tokenOf(north.student) })).json()) as Record<string, unknown>
    expect(own.paper).toBeUndefined()

    const answers = rightAnswers(first)
    const q = byType(first)
    // Saved as they go, then handed in with one answer changed.
    const saved = await app.api.put(`/api/quiz-attempts/${first.attempt.id}/answers`, { token: await tokenOf(north.student), body: { answers: { [q.single!.id]: answers[q.single!.id], [q.short!.id]: 'القاهرة' } } })
    expect(saved.status, await saved.clone().text()).toBe(200)
    const wrongMultiple = [...(answers[q.multiple!.id] as string[]).slice(0, 1), q.multiple!.options!.find((o) => o.text === '4')!.id]
    const handedIn = await submit(first.attempt.id, north.student, { [q.multiple!.id]: wrongMultiple, [q['true-false']!.id]: true })
    expect(handedIn.status, await handedIn.clone().text()).toBe(201)
    const graded = (await handedIn.json()) as AttemptView
    // 2 (single) + 4 × (1 right − 1 wrong)/2 = 0 (multiple) + 1 (true/false) + 0 (Arabic for Cairo is not an accepted answer) = 3 of 10.
    expect(graded.grade).toMatchObject({ score: 3, maxScore: 10, percent: 30, passed: false })
    expect(graded.keyShown).toBe(true)
    const reviewed = Object.fromEntries((graded.questions as Reviewed[]).map((r) => [r.type, r]))
    expect(reviewed.multiple).toMatchObject({ awarded: 0, outcome: 'incorrect' })
    expect(reviewed.short).toMatchObject({ awarded: 0, outcome: 'incorrect', correct: ['Cairo'], explanation: 'Cairo has been the capital since 969.' })
    expect(reviewed.single).toMatchObject({ awarded: 2, outcome: 'correct' })

    // Handed in again: the same grade, one event.
    const twice = await submit(first.attempt.id, north.student, answers)
    expect(twice.status).toBe(200)
    expect(((await twice.json()) as AttemptView).grade!.score).toBe(3)
    expect(await eventsOf('quiz.attempt-graded', first.attempt.id)).toHaveLength(1)
    // A graded attempt takes no more answers.
    expect((await app.api.put(`/api/quiz-attempts/${first.attempt.id}/answers`, { token: await tokenOf(north.student), body: { answers: {} } })).status).toBe(409)

    const second = await startOk(quiz.id, north.student)
    expect(second.attempt.number).toBe(2)
    const right = (await (await submit(second.attempt.id, north.student, rightAnswers(second))).json()) as AttemptView
    expect(right.grade).toMatchObject({ score: 10, percent: 100, passed: true })
    // Two attempts allowed, two used.
    const third = await start(quiz.id, north.student)
    expect(third.status).toBe(409)
    expect(await messageOf(third)).toBe('You have used all 2 attempt(s) of this quiz.')
  })

  it('should shuffle questions and options as the quiz asks, keep an attempt’s order, and grade what was chosen wherever it stood', async () => {
    const source = { shuffleQuestions: true, shuffleOptions: true, questions: questions().map((q, i) => ({ ...q, id: `q${i}`, options: q.options?.map((o, j) => ({ ...o, id: `q${i}o${j}` })) })) }
    // A random source that always picks the first place turns a, b, c, d into b, c, d, a (Fisher–Yates).
    const fixed = buildPaper(source as never, () => 0)
    expect(fixed.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3', 'q0'])
    expect(fixed.questions[0]!.options.map((o) => o.id)).toEqual(['q1o1', 'q1o2', 'q1o3', 'q1o0'])
    expect(buildPaper({ ...source, shuffleQuestions: false, shuffleOptions: false } as never, () => 0).questions.map((q) => q.id)).toEqual(['q0', 'q1', 'q2', 'q3'])
    // With the system's random source the orders differ between papers (50 alike would be a 1 in 24^49 chance).
    expect(new Set(Array.from({ length: 50 }, () => buildPaper(source as never).questions.map((q) => q.id).join())).size).toBeGreaterThan(1)

    const quiz = await makeQuiz({ shuffleQuestions: true, shuffleOptions: true })
    const view = await startOk(quiz.id, north.student)
    const order = (v: AttemptView) => v.questions.map((q) => [q.id, (q as Question).options?.map((o) => o.id) ?? []])
    // The attempt keeps the order it was given: resumed, and as its staff read it.
    expect(order(await startOk(quiz.id, north.student))).toEqual(order(view))
    const staff = (await (await app.api.get(`/api/quiz-attempts/${view.attempt.id}/paper`, { token: await tokenOf(north.instructor) })).json()) as AttemptView
    expect(staff.questions.map((q) => q.id)).toEqual(view.questions.map((q) => q.id))
    const graded = (await (await submit(view.attempt.id, north.student, rightAnswers(view))).json()) as AttemptView
    expect(graded.grade).toMatchObject({ score: 10, maxScore: 10, passed: true })
  })

  it('should refuse answers that are not answers to the attempt’s questions', async () => {
    const quiz = await makeQuiz()
    const view = await startOk(quiz.id, north.student)
    const q = byType(view)
    const tries: [Record<string, unknown>, string][] = [
      [{ 'not-a-question': 'x' }, 'is not a question of this attempt'],
      [{ [q.single!.id]: 'no-such-option' }, 'takes the id of one of its options'],
      [{ [q.multiple!.id]: q.multiple!.options![0]!.id }, 'takes a list of the ids'],
      [{ [q['true-false']!.id]: 'yes' }, 'takes true or false'],
      [{ [q.short!.id]: 'x'.repeat(501) }, 'at most 500 characters'],
    ]
    for (const [answers, message] of tries) {
      const response = await submit(view.attempt.id, north.student, answers)
      expect(response.status).toBe(400)
      expect(await fieldMessageOf(response)).toContain(message)
    }
    const notObject = await app.api.post(`/api/quiz-attempts/${view.attempt.id}/submit`, { token: await tokenOf(north.student), body: { answers: ['a'] } })
    expect(notObject.status).toBe(400)
    // Nothing was graded by the refusals.
    const attempt = (await app.payload.findByID({ collection: 'quiz-attempts', id: view.attempt.id, overrideAccess: true })) as QuizAttempt
    expect(attempt.status).toBe('in-progress')
  })

  it('should keep other people out of an attempt and a quiz', async () => {
    const quiz = await makeQuiz()
    const view = await startOk(quiz.id, north.student)
    for (const person of [north.otherStudent, south.student, south.admin]) {
      const token = await tokenOf(person)
      expect((await app.api.get(`/api/quiz-attempts/${view.attempt.id}/paper`, { token })).status).toBe(404)
      expect((await app.api.put(`/api/quiz-attempts/${view.attempt.id}/answers`, { token, body: { answers: {} } })).status).toBe(404)
      expect((await submit(view.attempt.id, person, {})).status).toBe(404)
    }
    // Not enrolled: the quiz is not theirs to read; another school's does not exist for them.
    expect((await start(quiz.id, north.otherStudent)).status).toBe(404)
    expect((await start(quiz.id, south.student)).status).toBe(404)
    expect((await app.api.post(`/api/quizzes/${quiz.id}/attempts`)).status).toBe(401)
    // The course's staff see the attempt with its key.
    const staffView = (await (await app.api.get(`/api/quiz-attempts/${view.attempt.id}/paper`, { token: await tokenOf(north.instructor) })).json()) as AttemptView
    expect(staffView.attempt.id).toBe(view.attempt.id)
  })

  it('should show the questions in the student’s language and accept an answer in any of the quiz’s languages', async () => {
    const quiz = await makeQuiz({ maxAttempts: 1 })
    await app.payload.update({
      collection: 'quizzes',
      id: quiz.id,
      locale: 'ar',
      data: {
        title: 'اختبار',
        questions: quiz.questions!.map((q) => ({ ...q, prompt: `ع: ${q.prompt}`, options: q.options?.map((o) => ({ ...o, text: `ع${o.text}` })), acceptedAnswers: q.acceptedAnswers?.map((a) => ({ ...a, text: 'القاهرة' })) })),
      },
      overrideAccess: true,
    })
    const view = await startOk(quiz.id, north.student, 'ar')
    expect(view.quiz.title).toBe('اختبار')
    expect(view.questions.map((q) => q.prompt).every((p) => p.startsWith('ع: '))).toBe(true)
    // Somali has no text of its own: English stands in.
    const somali = (await (await app.api.get(`/api/quiz-attempts/${view.attempt.id}/paper?locale=so`, { token: await tokenOf(north.student) })).json()) as AttemptView
    expect(somali.questions.find((q) => q.type === 'short')!.prompt).toBe('Capital of Egypt?')
    const q = byType(view)
    const graded = (await (await app.api.post(`/api/quiz-attempts/${view.attempt.id}/submit?locale=ar`, { token: await tokenOf(north.student), body: { answers: { [q.short!.id]: 'القاهِرَه' } } })).json()) as AttemptView
    expect((graded.questions as Reviewed[]).find((r) => r.type === 'short')).toMatchObject({ awarded: 3, outcome: 'correct', correct: ['القاهرة'] })
  })

  it('should keep the key back as the review policy says', async () => {
    const scoreOnly = await makeQuiz({ review: 'score-only', maxAttempts: 1 })
    const a = await startOk(scoreOnly.id, north.student)
    const graded = (await (await submit(a.attempt.id, north.student, rightAnswers(a))).json()) as AttemptView
    expect(graded.keyShown).toBe(false)
    expect(JSON.stringify(graded)).not.toContain('explanation')
    expect(graded.grade!.score).toBe(10)

    const lastAttempt = await makeQuiz({ review: 'after-last-attempt', maxAttempts: 2 })
    const b1 = await startOk(lastAttempt.id, north.student)
    expect(((await (await submit(b1.attempt.id, north.student, {})).json()) as AttemptView).keyShown).toBe(false)
    const b2 = await startOk(lastAttempt.id, north.student)
    // While an attempt still takes answers, no review shows the key.
    expect(((await (await app.api.get(`/api/quiz-attempts/${b1.attempt.id}/paper`, { token: await tokenOf(north.student) })).json()) as AttemptView).keyShown).toBe(false)
    expect(((await (await submit(b2.attempt.id, north.student, {})).json()) as AttemptView).keyShown).toBe(true)
    // The first attempt's review shows it now too: no attempt is left.
    const review = (await (await app.api.get(`/api/quiz-attempts/${b1.attempt.id}/paper`, { token: await tokenOf(north.student) })).json()) as AttemptView
    expect(review.keyShown).toBe(true)
  })

  it('should grade an attempt whose time ran out on the answers saved in time, by hand-in or by the sweep', async () => {
    const quiz = await makeQuiz({ timeLimitMinutes: 10, maxAttempts: 3 })
    const view = await startOk(quiz.id, north.student)
    expect(new Date(view.attempt.deadline!).getTime() - Date.now()).toBeGreaterThan(9 * 60_000)
    const answers = rightAnswers(view)
    const q = byType(view)
    await app.api.put(`/api/quiz-attempts/${view.attempt.id}/answers`, { token: await tokenOf(north.student), body: { answers: { [q.single!.id]: answers[q.single!.id] } } })
    // The deadline passes (moved back, as the clock would).
    const past = new Date(Date.now() - 60_000).toISOString()
    await app.payload.update({ collection: 'quiz-attempts', id: view.attempt.id, data: { deadline: past }, overrideAccess: true })
    const late = (await (await submit(view.attempt.id, north.student, answers)).json()) as AttemptView
    expect(late.attempt).toMatchObject({ status: 'graded', closedBy: 'time-limit', submittedAt: past })
    expect(late.grade!.score).toBe(2)

    // One left running out: closed by the sweep, or when the student saves.
    const other = await startOk(quiz.id, north.student)
    await app.payload.update({ collection: 'quiz-attempts', id: other.attempt.id, data: { deadline: past }, overrideAccess: true })
    const save = await app.api.put(`/api/quiz-attempts/${other.attempt.id}/answers`, { token: await tokenOf(north.student), body: { answers: rightAnswers(other) } })
    expect(save.status).toBe(409)
    expect(await messageOf(save)).toContain('Time is up')
    const closed = (await app.payload.findByID({ collection: 'quiz-attempts', id: other.attempt.id, overrideAccess: true })) as QuizAttempt
    expect([closed.status, closed.score]).toEqual(['graded', 0])

    const third = await startOk(quiz.id, north.student)
    await app.payload.update({ collection: 'quiz-attempts', id: third.attempt.id, data: { deadline: past }, overrideAccess: true })
    const job = await app.payload.jobs.queue({ task: 'closeQuizAttempts', input: {}, queue: 'maintenance' })
    await app.payload.jobs.runByID({ id: job.id })
    const swept = (await app.payload.findByID({ collection: 'quiz-attempts', id: third.attempt.id, overrideAccess: true })) as QuizAttempt
    expect([swept.status, swept.closedBy]).toEqual(['graded', 'time-limit'])
    expect(await eventsOf('quiz.attempt-graded', third.attempt.id)).toHaveLength(1)
  })

  it('should start one attempt and grade it once under concurrent clicks', async () => {
    const quiz = await makeQuiz({ maxAttempts: 1 })
    const token = await tokenOf(north.student)
    const starts = await Promise.all(Array.from({ length: 6 }, () => app.api.post(`/api/quizzes/${quiz.id}/attempts`, { token })))
    expect(starts.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201])
    const views = (await Promise.all(starts.map((r) => r.json()))) as AttemptView[]
    expect(new Set(views.map((v) => v.attempt.id)).size).toBe(1)
    const answers = rightAnswers(views[0]!)
    const submits = await Promise.all(Array.from({ length: 6 }, () => app.api.post(`/api/quiz-attempts/${views[0]!.attempt.id}/submit`, { token, body: { answers } })))
    expect(submits.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201])
    expect(await eventsOf('quiz.attempt-graded', views[0]!.attempt.id)).toHaveLength(1)
  })

  it('should put the best attempt in the gradebook and let a required quiz complete the course', async () => {
    const learner = await createPerson(app.payload, { email: `learner-${uniq()}@quiz.example`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    const course = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })
    await enroll(learner, course.id)
    const quiz = (await app.payload.create({
      collection: 'quizzes',
      data: { course: course.id, title: 'Final check', maxAttempts: 3, passPercent: 60, review: 'after-attempt', requiredForCompletion: true, questions: questions(), _status: 'published' } as never,
      overrideAccess: true,
    })) as Quiz
    expect(await eventsOf('quiz.published', quiz.id)).toHaveLength(1)
    for (const lesson of lessonIds(course)) {
      await app.api.post(`/api/courses/${course.id}/lessons/${lesson}/complete`, { token: await tokenOf(learner) })
    }
    const enrollment = async () => (await app.payload.find({ collection: 'enrollments', where: { and: [{ user: { equals: learner.id } }, { course: { equals: course.id } }] }, overrideAccess: true })).docs[0]!
    expect((await enrollment()).status).toBe('active')
    const failing = await startOk(quiz.id, learner)
    await submit(failing.attempt.id, learner, {})
    expect((await enrollment()).status).toBe('active')
    const passing = await startOk(quiz.id, learner)
    await submit(passing.attempt.id, learner, rightAnswers(passing))
    expect((await enrollment()).status).toBe('completed')

    const book = (await (await app.api.get(`/api/courses/${course.id}/gradebook`, { token: await tokenOf(north.instructor) })).json()) as {
      quizzes: { id: number; maxPoints: number }[]
      students: { id: number; quizzes: Record<string, { score: number; passed: boolean; attempts: number }>; total: number }[]
      maxTotal: number
    }
    expect(book.quizzes).toEqual([expect.objectContaining({ id: quiz.id, maxPoints: 10 })])
    const row = book.students.find((s) => s.id === learner.id)!
    expect(row.quizzes[quiz.id]).toEqual({ score: 10, percent: 100, passed: true, attempts: 2 })
    expect([row.total, book.maxTotal]).toEqual([10, 10])
    const csv = await (await app.api.get(`/api/courses/${course.id}/gradebook?format=csv`, { token: await tokenOf(north.instructor) })).text()
    expect(csv).toContain('Final check (quiz, /10)')
    // The staff may delete an attempt to give another try; the delete is theirs, audited.
    const removed = await app.api.delete(`/api/quiz-attempts/${failing.attempt.id}`, { token: await tokenOf(north.instructor) })
    expect(removed.status).toBe(200)
    expect((await app.api.delete(`/api/quiz-attempts/${passing.attempt.id}`, { token: await tokenOf(learner) })).status).toBe(403)
  })
})
