import type { Endpoint } from 'payload'

import { attemptForReader, startAttempt as start } from '@/domain/coursework/quizzes/attempts'
import { readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { QUIZZES } from '@/shared/slugs'

/**
 * `POST /api/quizzes/:id/attempts` (`?locale=ar` for the questions in Arabic): an actively
 * enrolled student starts an attempt (201), or gets back the one in progress (200), with its
 * questions and deadline but never the answers.
 */
export const startAttempt: Endpoint = {
  path: '/:id/attempts',
  method: 'post',
  handler: async (req) => {
    const person = requirePerson(req, 'take a quiz')
    const locale = req.locale ?? undefined
    // What the student cannot read (a draft, another course, another school) does not exist for them.
    const quiz = await readableOr404(req, QUIZZES, routeId(req, 'id', 'quiz'), 'quiz')
    const { attempt, resumed } = await start(req, person, quiz)
    return Response.json({ resumed, ...(await attemptForReader(req, attempt, locale)) }, { status: resumed ? 200 : 201, headers: { 'Cache-Control': 'no-store' } })
  },
}
