import { catalogRequest, PAGE_SIZE, plainRequest, searchStream } from '../catalog/queries'
import type { Answer, Call } from './client'
import { type LearningCourse, MAX_ATTEMPTS, type SeededStudent } from './seed'

/** A student's visit, in order; each virtual user goes round it until the run ends. */
export const STEPS = ['browse', 'search', 'open-course', 'complete-lesson', 'hand-in', 'verify'] as const
export type Step = (typeof STEPS)[number]

type Search = ReturnType<typeof searchStream>[number]

/** A seeded student as a virtual user plays them: where they are sent, their session, and what they have done so far. */
export type Learner = SeededStudent & {
  /** The web instance a load balancer with sticky sessions sends them to. */
  instance: number
  /** Their own address, as the load balancer in front would forward it (the app trusts one proxy hop). */
  forwardedFor: string
  token?: string
  /** Searches of their school from bench:catalog's stream (popular ones often, most rarely). */
  searches: Search[]
  /** Lessons done per enrollment, and hand-ins per assignment, as the server confirmed them. */
  done: Map<number, Set<string>>
  attempts: Map<number, number>
  /** Rounds of the journey begun: each round works in the next of their courses. */
  round: number
}

/** What to send for a step, how to tell a right answer (undefined) from a wrong one, and what a right one changes. */
export type Plan = { call: Call; check: (answer: Answer) => string | undefined; then?: () => void }

export type Journey = { name: string; plan: (step: Step, learner: Learner, serials: string[]) => Plan }

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!

const json = (body: string): Record<string, unknown> => {
  try {
    return JSON.parse(body) as Record<string, unknown>
  } catch {
    return {}
  }
}

const expectStatus = (expected: number, answer: Answer, found?: (body: Record<string, unknown>) => boolean): string | undefined => {
  if (answer.status !== expected) {
    return answer.status === 0 ? (answer.error ?? 'network error') : `status ${answer.status}`
  }
  return !found || found(json(answer.body)) ? undefined : 'wrong answer'
}

const isList = (body: Record<string, unknown>) => Array.isArray(body.docs)

/** The course page's read: the one course of the school with this slug, with its lessons' content (the student is enrolled). */
const coursePath = (learner: Learner, course: LearningCourse): string =>
  `/api/courses?where[slug][equals]=${course.slug}&where[tenant][equals]=${learner.tenant}&locale=${learner.locale}&depth=0&limit=1`

const showsLessons = (body: Record<string, unknown>): boolean => {
  const docs = body.docs as { sections?: { lessons?: { body?: unknown }[] }[] }[] | undefined
  return docs?.length === 1 && docs[0]?.sections?.[0]?.lessons?.[0]?.body !== undefined
}

const currentCourse = (learner: Learner): LearningCourse => learner.courses[learner.round % learner.courses.length]!

/** The first lesson of the round's course not done yet; once all are, the last again (the server changes nothing). */
const nextLesson = (learner: Learner, course: LearningCourse): string => {
  const done = learner.done.get(course.enrollment) ?? new Set<string>()
  return course.lessons.find((lesson) => !done.has(lesson)) ?? course.lessons[course.lessons.length - 1]!
}

const markDone = (learner: Learner, course: LearningCourse, lesson: string) => {
  const done = learner.done.get(course.enrollment) ?? new Set<string>()
  done.add(lesson)
  learner.done.set(course.enrollment, done)
}

/** The round's course's assignment, or, once its attempts are used up, another of theirs with attempts left. */
const assignmentCourse = (learner: Learner): LearningCourse => {
  const current = currentCourse(learner)
  const left = (course: LearningCourse) => (learner.attempts.get(course.assignment) ?? 0) < MAX_ATTEMPTS
  return left(current) ? current : (learner.courses.find(left) ?? current)
}

const handedIn = (learner: Learner, assignment: number) => learner.attempts.set(assignment, (learner.attempts.get(assignment) ?? 0) + 1)

const handInText = (learner: Learner, attempt: number) =>
  `Attempt ${attempt} by student ${learner.id}: what I learned this week, the exercise I found hardest and how I solved it.`

/**
 * Aqoon's own paths, as the learner site calls them: the catalog endpoint (browse a page, search),
 * the course read of the course page, the lesson-complete and hand-in endpoints, and the public
 * verification endpoint. Every call carries the student's session (a browser sends its cookie
 * with each one) and the school (`X-Tenant`).
 */
export const aqoonJourney: Journey = {
  name: 'aqoon',
  plan: (step, learner, serials) => {
    const headers = { 'x-tenant': learner.school, 'x-forwarded-for': learner.forwardedFor, ...(learner.token ? { authorization: `JWT ${learner.token}` } : {}) }
    switch (step) {
      case 'browse':
        return {
          call: { method: 'GET', path: `/api/catalog?locale=${learner.locale}&limit=${PAGE_SIZE}&page=${1 + Math.floor(Math.random() * 3)}`, headers },
          check: (answer) => expectStatus(200, answer, isList),
        }
      case 'search':
        return { call: { method: 'GET', path: catalogRequest(pick(learner.searches)).path, headers }, check: (answer) => expectStatus(200, answer, isList) }
      case 'open-course':
        return { call: { method: 'GET', path: coursePath(learner, currentCourse(learner)), headers }, check: (answer) => expectStatus(200, answer, showsLessons) }
      case 'complete-lesson': {
        const course = currentCourse(learner)
        const lesson = nextLesson(learner, course)
        return {
          call: { method: 'POST', path: `/api/courses/${course.id}/lessons/${lesson}/complete`, headers },
          check: (answer) => expectStatus(200, answer, (body) => Array.isArray(body.completedLessons) && body.completedLessons.includes(lesson)),
          then: () => markDone(learner, course, lesson),
        }
      }
      case 'hand-in': {
        const { assignment } = assignmentCourse(learner)
        return {
          call: { method: 'POST', path: `/api/assignments/${assignment}/submit`, headers, body: { text: handInText(learner, (learner.attempts.get(assignment) ?? 0) + 1) } },
          check: (answer) => expectStatus(201, answer),
          then: () => handedIn(learner, assignment),
        }
      }
      case 'verify': {
        const serial = pick(serials)
        return {
          call: { method: 'GET', path: `/api/certificates/verify/${serial}`, headers },
          check: (answer) => expectStatus(200, answer, (body) => body.serial === serial),
        }
      }
    }
  },
}

/**
 * The closest stock Payload REST calls for the same steps, on Payload with the app's code taken
 * out (reads open to all, writes to anyone signed in; the same session is sent). With no school
 * gate and no access rules, the client asks for the school and the published state itself, as a
 * front end on stock Payload would: a page of the school's courses, a `like` on the localized
 * title (bench:catalog's `plainRequest`), the same course read, a PATCH of the enrollment's
 * completed lessons and progress (the client works them out), a create of the submission with
 * every field (the client numbers the attempt), and a `where` on the certificate's serial.
 * `tenantIds`: the schools' ids in bench:catalog's order.
 */
export const stockJourney = (tenantIds: number[]): Journey => ({
  name: 'stock',
  plan: (step, learner, serials) => {
    const headers = { 'x-forwarded-for': learner.forwardedFor, ...(learner.token ? { authorization: `JWT ${learner.token}` } : {}) }
    const published = `where[tenant][equals]=${learner.tenant}&where[_status][equals]=published`
    switch (step) {
      case 'browse':
        return {
          call: { method: 'GET', path: `/api/courses?${published}&limit=${PAGE_SIZE}&depth=0&locale=${learner.locale}&page=${1 + Math.floor(Math.random() * 3)}`, headers },
          check: (answer) => expectStatus(200, answer, isList),
        }
      case 'search':
        return { call: { method: 'GET', path: plainRequest(pick(learner.searches), tenantIds, 0).path, headers }, check: (answer) => expectStatus(200, answer, isList) }
      case 'open-course':
        return {
          call: { method: 'GET', path: `${coursePath(learner, currentCourse(learner))}&where[_status][equals]=published`, headers },
          check: (answer) => expectStatus(200, answer, showsLessons),
        }
      case 'complete-lesson': {
        const course = currentCourse(learner)
        const lesson = nextLesson(learner, course)
        const done = new Set([...(learner.done.get(course.enrollment) ?? []), lesson])
        const at = new Date().toISOString()
        return {
          call: {
            method: 'PATCH',
            path: `/api/enrollments/${course.enrollment}?depth=0`,
            headers,
            // Progress counts the lessons and the one required assignment, as the app's rule does.
            body: { completedLessons: [...done].map((id) => ({ lesson: id, at })), progress: Math.floor((done.size * 100) / (course.lessons.length + 1)) },
          },
          check: (answer) => expectStatus(200, answer),
          then: () => markDone(learner, course, lesson),
        }
      }
      case 'hand-in': {
        const { id: course, assignment } = assignmentCourse(learner)
        // Counted as sent: an attempt whose answer was lost (a timeout) may still have been
        // stored, and its number must not be sent again.
        handedIn(learner, assignment)
        const attempt = learner.attempts.get(assignment)!
        const now = new Date().toISOString()
        return {
          call: {
            method: 'POST',
            path: '/api/submissions?depth=0',
            headers,
            body: {
              title: `${learner.email} — assignment ${assignment} — attempt ${attempt}`,
              assignment,
              course,
              student: learner.id,
              tenant: learner.tenant,
              attempt,
              text: handInText(learner, attempt),
              submittedAt: now,
              late: false,
              lateDays: 0,
              status: 'submitted',
            },
          },
          check: (answer) => expectStatus(201, answer),
        }
      }
      case 'verify': {
        const serial = pick(serials)
        return {
          call: { method: 'GET', path: `/api/certificates?where[serial][equals]=${serial}&depth=0`, headers },
          check: (answer) => expectStatus(200, answer, (body) => (body.docs as { serial?: string }[] | undefined)?.[0]?.serial === serial),
        }
      }
    }
  },
})

/** bench:catalog's search stream, by school, for the learners' `searches`. */
export const searchesBySchool = (): Map<string, Search[]> => {
  const bySchool = new Map<string, Search[]>()
  for (const search of searchStream()) {
    const list = bySchool.get(search.tenant) ?? []
    list.push(search)
    bySchool.set(search.tenant, list)
  }
  return bySchool
}
