import type { Endpoint } from 'payload'

import { prepareTurn, runTurn } from '@/domain/ai/tutor/turn'
import { refusedResponse } from '@/http/aiRefusal'
import { optionalJsonBody, readableCourseForTutor, requirePerson, routeId } from '@/http/requestHelpers'
import { phaseTimer } from '@/shared/phaseTimer'

/**
 * `POST /api/courses/:id/tutor` with `{"message": "…", "locale": "ar"}`: an actively enrolled
 * student asks the course's AI tutor. Answered as server-sent events: `delta` events with the
 * answer's text as it is written, then `done` with the stored messages and the lessons cited
 * (`{question, answer, citations: [{kind, id, title}], timings}`), or `error` (`{status, message}`) when
 * Gemini fails midway. Refused before any answer starts: 400 (no question, too long), 403 (the
 * tutor off, not actively enrolled, AI off for the school), 404 (a course they cannot read), 402
 * (a budget spent, with `resetsAt`), 429 (too many requests, with `Retry-After`), 503 (Gemini
 * unreachable or not set up). Messages are in the student's language.
 */
export const tutor: Endpoint = {
  path: '/:id/tutor',
  method: 'post',
  handler: async (req) => {
    const person = requirePerson(req, 'ask the tutor')
    const timer = phaseTimer()
    // Only what the turn needs: the tutor searches the lessons in the database.
    const course = await readableCourseForTutor(req, routeId(req, 'id', 'course'))
    timer.lap('course')
    const prepared = await prepareTurn(req, person, course, await optionalJsonBody(req), timer)
    if (!prepared.ok) {
      return refusedResponse(prepared.refusal)
    }
    const encoder = new TextEncoder()
    const abort = new AbortController()
    const stream = new ReadableStream<Uint8Array>({
      start: async (controller) => {
        const send = (event: string, data: unknown) => {
          try {
            controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`))
          } catch {
            // The student left: the answer is not theirs to read any more.
          }
        }
        try {
          const result = await runTurn(req, prepared.turn, (text) => send('delta', { text }), abort.signal, timer)
          if (result.ok) {
            send('done', { question: result.question, answer: result.answer, citations: result.citations, timings: timer.entries() })
          } else {
            send('error', { status: result.refusal.status, message: result.refusal.message })
          }
        } catch {
          // Cancelled by the student leaving (the reservation was released), or the storing failed.
          send('error', { status: 500, message: 'The answer could not be finished.' })
        }
        try {
          controller.close()
        } catch {
          // already closed by the client
        }
      },
      cancel: () => abort.abort(),
    })
    // What the turn took before its answer began, for the operator's tools (the `done` event has every phase).
    return new Response(stream, { headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no', 'Server-Timing': timer.header() } })
  },
}
