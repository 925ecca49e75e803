import type { Case } from './cases'

export type Answer = { status: number; body: string }
export type Failure = { label: string; request: string; status: number; body: string; reason: string }

/** Messages that hide the real one: what a client gets when an error's message is withheld. */
const WITHHELD = new Set(['Something went wrong.', 'An unknown error occurred.', 'Internal Server Error'])

type ErrorEntry = { message?: unknown; name?: unknown; extensions?: { statusCode?: unknown; name?: unknown } }

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Why an answer is wrong, or undefined: no 5xx, and every 4xx names its real cause. */
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
  return undefined
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
