import type { Case } from './cases'

export type Answer = { status: number; body: string }
export type Failure = { label: string; request: string; status: number; body: string; reason: string }

/** Messages that hide the real one: what a client gets when an error's message is withheld. */
const WITHHELD = new Set(['Something went wrong.', 'An unknown error occurred.', 'Internal Server Error'])

type ErrorEntry = { message?: unknown; name?: unknown; data?: unknown; extensions?: { statusCode?: unknown; name?: unknown; data?: unknown } }

/** Payload's message for a field error ("The following field is invalid: title"), in English. */
const ABOUT_FIELDS = /^The following (field is|fields are) invalid:/

/**
 * Why a validation error fails to name the fields it concerns, or undefined. An error about fields
 * (Payload's message for them, or `data.errors` at all) carries one entry per field, each with its
 * real message and its path; an empty path names the body itself, so only a body that is not an
 * object may be refused with one.
 */
const unnamedField = (request: Case, message: string, data: unknown): string | undefined => {
  const entries = (data as { errors?: unknown } | null | undefined)?.errors
  if (entries === undefined && !ABOUT_FIELDS.test(message)) {
    return undefined
  }
  if (!Array.isArray(entries) || entries.length === 0) {
    return `a field error without data.errors naming its fields: ${message.slice(0, 120)}`
  }
  const wholeBody = request.raw !== undefined || (request.body !== undefined && (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)))
  for (const entry of entries as { path?: unknown; message?: unknown }[]) {
    if (typeof entry?.message !== 'string' || !entry.message.trim() || WITHHELD.has(entry.message)) {
      return `a field error whose entry has no real message: ${JSON.stringify(entry).slice(0, 200)}`
    }
    if (typeof entry.path !== 'string' || (entry.path === '' && !wholeBody)) {
      return `a field error that names no field: ${JSON.stringify(entry).slice(0, 200)}`
    }
  }
  return undefined
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Why an answer is wrong, or undefined: no 5xx, and every 4xx names its real cause and the field it concerns. */
export const judge = (request: Case, answer: Answer): string | undefined => {
  if (answer.status >= 500) {
    return `answered ${answer.status}`
  }
  const body = parse(answer.body) as { errors?: ErrorEntry[] } | undefined
  if (request.graphql) {
    for (const error of body?.errors ?? []) {
      const status = Number(error.extensions?.statusCode ?? 0)
      if (status >= 500) {
        return `GraphQL error with status ${status}: ${String(error.message)}`
      }
      if (typeof error.message !== 'string' || !error.message || WITHHELD.has(error.message)) {
        return `GraphQL error without its message: ${JSON.stringify(error).slice(0, 200)}`
      }
      const unnamed = unnamedField(request, error.message, error.extensions?.data)
      if (unnamed) {
        return `GraphQL ${unnamed}`
      }
    }
    return undefined
  }
  if (answer.status < 400 || answer.status === 404 && answer.body === '') {
    return undefined
  }
  const first = body?.errors?.[0]
  if (!first || typeof first.message !== 'string' || !first.message.trim() || WITHHELD.has(first.message)) {
    return `a ${answer.status} without its real message: ${answer.body.slice(0, 200)}`
  }
  if (first.name !== undefined && !(typeof first.name === 'string' && /^[A-Z][A-Za-z]{3,}$/.test(first.name))) {
    return `a ${answer.status} with a mangled error name ${JSON.stringify(first.name)}`
  }
  return unnamedField(request, first.message, first.data)
}

/** Sends every case, a few at a time, and returns the answers that broke the rules. */
export const runFuzz = async (cases: Case[], send: (request: Case) => Promise<Answer>, concurrency = 6): Promise<Failure[]> => {
  const failures: Failure[] = []
  let next = 0
  const worker = async () => {
    while (next < cases.length) {
      const request = cases[next++]!
      const answer = await send(request).catch((error: unknown) => ({ status: 599, body: String(error) }))
      const reason = judge(request, answer)
      if (reason) {
        failures.push({ label: request.label, request: `${request.as} ${request.method} ${request.path}${request.graphql ? ` ${JSON.stringify(request.graphql)}` : ''}`, status: answer.status, body: answer.body.slice(0, Number(process.env.FUZZ_BODY ?? 300)), reason })
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return failures
}
