import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import { attemptForReader, saveAnswers as save, submitAttempt as submit } from '@/domain/coursework/quizzes/attempts'
import { optionalJsonBody, readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { QUIZ_ATTEMPTS } from '@/shared/slugs'

const noStore = { 'Cache-Control': 'no-store' }

/**
 * `GET /api/quiz-attempts/:id/paper`: the attempt as its reader may see it. In progress, its
 * questions and saved answers; graded, the grade and each question's points, with the correct
 * answers and explanations when the quiz's review policy (or being the course's staff) allows.
 */
export const attemptPaper: Endpoint = {
  path: '/:id/paper',
  method: 'get',
  handler: async (req) => {
    requirePerson(req, 'see a quiz attempt')
    const locale = req.locale ?? undefined
    const attempt = await readableOr404(req, QUIZ_ATTEMPTS, routeId(req, 'id', 'quiz attempt'), 'quiz attempt')
    return Response.json(await attemptForReader(req, attempt, locale), { headers: noStore })
  },
}

/**
 * `PUT /api/quiz-attempts/:id/answers` with `{"answers": {"<question id>": answer}}`: the student
 * saves answers while the attempt runs (`null` clears one). After the deadline the attempt is
 * closed with what was saved in time, and the answer is 409.
 */
export const saveAnswers: Endpoint = {
  path: '/:id/answers',
  method: 'put',
  handler: async (req) => {
    const person = requirePerson(req, 'answer a quiz')
    const id = routeId(req, 'id', 'quiz attempt')
    const body = await optionalJsonBody(req)
    const { attempt, timeUp } = await save(req, person, id, body.answers)
    if (timeUp) {
      throw new APIError('Time is up: the attempt was handed in with the answers saved before its deadline.', 409)
    }
    return Response.json({ message: 'Saved.', answers: attempt.answers, deadline: attempt.deadline ?? null }, { headers: noStore })
  },
}

/**
 * `POST /api/quiz-attempts/:id/submit` with `{"answers": {...}}` (optional: saved answers
 * count): hands the attempt in and answers with its grade and review. Sent twice, the second
 * answer is the first grade.
 */
export const submitAttempt: Endpoint = {
  path: '/:id/submit',
  method: 'post',
  handler: async (req) => {
    const person = requirePerson(req, 'hand in a quiz')
    const locale = req.locale ?? undefined
    const id = routeId(req, 'id', 'quiz attempt')
    const body = await optionalJsonBody(req)
    const { attempt, already, timeUp } = await submit(req, person, id, body.answers)
    const message = already ? 'This attempt was graded already.' : timeUp ? 'Time was up: graded on the answers saved before the deadline.' : 'Handed in and graded.'
    return Response.json({ message, ...(await attemptForReader(req, attempt, locale)) }, { status: already ? 200 : 201, headers: noStore })
  },
}
