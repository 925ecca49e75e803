import type { Endpoint } from 'payload'

import { generateQuiz as generate } from '@/domain/ai/quizGeneration/generate'
import { refusedResponse } from '@/http/aiRefusal'
import { courseForStaff, optionalJsonBody, requirePerson } from '@/http/requestHelpers'
import { invalid } from '@/shared/domainError'
import { referenceId } from '@/shared/referenceId'
import { QUIZZES } from '@/shared/slugs'

/**
 * `POST /api/quizzes/generate` with `{"course": 7, "summary": 31}` or `{"course": 7, "lessons":
 * ["…"]}` (or neither: all its lessons), and optionally `questionCount` (1–30, 8), `types`,
 * `locale`, `title`: the AI writes a draft quiz for the course's staff to review and publish.
 * 201 with the draft quiz and the questions dropped (and why); 422 when none could be used
 * (nothing saved); 402/429 when a budget or rate refuses; 400, 401, 403 (not the course's
 * staff), 404 (a course they cannot read) as usual.
 */
export const generateQuiz: Endpoint = {
  path: '/generate',
  method: 'post',
  handler: async (req) => {
    const person = requirePerson(req, 'write a quiz')
    const input = await optionalJsonBody(req)
    const courseId = referenceId(input.course)
    if (courseId === null) {
      throw invalid('Name the course: {"course": 7}.', { field: 'course', collection: QUIZZES })
    }
    const course = await courseForStaff(req, courseId, 'quiz generation')
    const result = await generate(req, person, course, input)
    if (result.ok) {
      return Response.json({ message: 'A draft quiz was written: review it before publishing.', quiz: result.quiz, questions: result.kept, dropped: result.dropped }, { status: 201 })
    }
    if ('refusal' in result) {
      return refusedResponse(result.refusal)
    }
    return Response.json({ errors: [{ message: result.unusable, data: { dropped: result.dropped } }] }, { status: 422 })
  },
}
