import crypto from 'node:crypto'
import type http from 'node:http'

import { flatHeaders } from '../shared/flatHeaders'
import type { LoggedRequest } from '../shared/loggedRequest'
import { startLoopbackServer } from '../shared/startLoopbackServer'
import { callOf, composeAnswer, type GenerateContentBody, type GeminiResponder, type JsonFault, responseBody, streamChunks } from './answer'
import { apiKeyInvalid, failureFor, type GoogleErrorReply, invalidArgument, modelNotFound, notFoundPage, rateLimited, unregisteredCaller } from './errors'
import { createFaultRules, type FaultMatch, type GeminiAction } from './faults'
import { countTokens } from './tokens'

export type { Answer, GeminiCall, GeminiResponder, GenerateContentBody, JsonFault, UsageMetadata, WireGenerationConfig } from './answer'
export type { FaultMatch, GeminiAction } from './faults'
export type { GoogleErrorReply } from './errors'
export { countTokens, tokensOfAnswer, tokensOfText, truncateToTokens } from './tokens'
export { breakArrayItems, exampleOf } from './schemaExample'

export type GeminiRecordedRequest = LoggedRequest & {
  /** Without `models/`; undefined for a URL that names no method. */
  model?: string
  action?: GeminiAction
  /** The parsed JSON body (the text when it was not JSON). */
  body?: unknown
  /** When it arrived (epoch ms). */
  at: number
  /** Whether it carried one of the stand-in's keys (the key itself is left out of `headers` and `search`). */
  keyAccepted: boolean
  /** Streams: the SSE frames written before the stream ended; a broken stream keeps its `status` 200 and shows here how far it got. */
  chunksSent?: number
}

/** The next matching requests fail: 429 RESOURCE_EXHAUSTED with RetryInfo, 500 INTERNAL, 503 UNAVAILABLE (others too); 0 drops the connection. */
export type FailNext = FaultMatch & {
  status: number
  /** The 429's RetryInfo `retryDelay`. @default 2 */
  retryDelaySeconds?: number
  /** The error's message instead of Google's usual words for the status (one that quotes what was sent, say). */
  message?: string
}

/** The next matching requests wait this long before they are answered; streams wait as long again before each later chunk. */
export type SlowNext = FaultMatch & { delayMs: number }

/** The next matching streams send this many chunks (always fewer than the whole answer) and then lose their connection. */
export type BreakStreamNext = Omit<FaultMatch, 'action'> & {
  /** @default 1 */
  afterChunks?: number
}

export type GeminiStandInOptions = {
  /** The keys it accepts. @default one made-up key in Google's format, returned as `apiKey` */
  apiKeys?: string[]
  /** The models it knows (ids without `models/`); others answer 404. @default DEFAULT_GEMINI_MODELS */
  models?: string[]
  /** Thinking tokens each answer reports (none when the call sets `thinkingBudget: 0`). @default 0 */
  thoughtsTokens?: number
  /** Makes the answers; see GeminiResponder. @default a sentence quoting the last user message, or a value meeting the JSON schema */
  responder?: GeminiResponder
}

export const DEFAULT_GEMINI_MODELS = ['gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-2.5-pro', 'gemini-2.0-flash', 'gemini-flash-latest', 'gemini-flash-lite-latest']

/** `/v1beta/models/gemini-2.5-flash:generateContent`, as the SDK builds it from `baseUrl`. */
const METHOD_PATH = /^\/(v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=UTF-8', Vary: 'Origin, X-Origin, Referer', Server: 'scaffolding on HTTPServer2', 'X-Content-Type-Options': 'nosniff' }
const SSE_HEADERS = { ...JSON_HEADERS, 'Content-Type': 'text/event-stream', 'Content-Disposition': 'attachment' }

/** Google's keys: `AIza` and 35 more characters. */
const makeApiKey = (): string => `AIzaSy${crypto.randomBytes(25).toString('base64url').slice(0, 33)}`
const makeResponseId = (): string => crypto.randomBytes(17).toString('base64url')
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** One request's connection: whether the client is still there, and waits that end early when it leaves. */
const watch = (res: http.ServerResponse) => {
  let closed = false
  const onClose = new Set<() => void>()
  res.once('close', () => {
    closed = true
    for (const listener of onClose) {
      listener()
    }
  })
  const waitFor = (ms: number) =>
    new Promise<void>((resolve) => {
      if (closed) {
        resolve()
        return
      }
      const done = () => {
        clearTimeout(timer)
        onClose.delete(done)
        resolve()
      }
      const timer = ms === Number.POSITIVE_INFINITY ? undefined : setTimeout(done, ms)
      onClose.add(done)
    })
  return {
    closed: () => closed,
    /** Waits `ms`, or until the client goes. */
    pause: (ms: number) => waitFor(ms),
    /** Waits until the client goes (or the stand-in closes). */
    untilClosed: () => waitFor(Number.POSITIVE_INFINITY),
    /** Writes and waits until it is handed to the socket (or the client has gone). */
    write: (data: string) =>
      new Promise<void>((resolve) => {
        if (closed) {
          resolve()
          return
        }
        onClose.add(resolve)
        res.write(data, () => {
          onClose.delete(resolve)
          resolve()
        })
      }),
  }
}

/**
 * Google's Gemini API (the Developer API at generativelanguage.googleapis.com) on 127.0.0.1,
 * for the real `@google/genai` SDK: `new GoogleGenAI({ apiKey, httpOptions: { baseUrl } })`.
 * It answers generateContent, streamGenerateContent (SSE) and countTokens with deterministic
 * text and token counts (see countTokens), JSON meeting the call's schema in JSON mode, and
 * Google's error bodies; and it can be told to fail, slow down, hang or break streams.
 */
export const startGeminiStandIn = async ({ apiKeys, models = DEFAULT_GEMINI_MODELS, thoughtsTokens = 0, responder }: GeminiStandInOptions = {}) => {
  const keys = apiKeys && apiKeys.length > 0 ? [...apiKeys] : [makeApiKey()]
  const known = new Set(models)
  const requests: GeminiRecordedRequest[] = []
  const failures = createFaultRules<{ status: number; retryDelaySeconds?: number; message?: string }>()
  const delays = createFaultRules<{ delayMs: number }>()
  const hangs = createFaultRules<object>()
  const breaks = createFaultRules<{ afterChunks?: number }>()
  let currentResponder = responder
  let currentThoughts = thoughtsTokens
  let jsonFault: JsonFault | undefined
  let inFlight = 0
  let peak = 0
  // The same, per action: a budget bounds the answers held open at once, not the token counts.
  const inFlightOf = new Map<GeminiAction, number>()
  const peakOf = new Map<GeminiAction, number>()

  const { baseUrl, serve, close } = await startLoopbackServer({ name: 'gemini stand-in' })

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, text: string) => {
    const url = new URL(req.url ?? '/', baseUrl)
    const method = req.method ?? 'GET'
    const { 'x-goog-api-key': headerKey, ...headers } = flatHeaders(req.headers)
    // Google also takes the key as `?key=`; it is kept out of the record either way.
    const key = headerKey ?? url.searchParams.get('key') ?? undefined
    url.searchParams.delete('key')
    const matched = METHOD_PATH.exec(url.pathname)
    const [, version = 'v1beta', model = '', action] = matched ?? []
    const record: GeminiRecordedRequest = {
      method,
      path: url.pathname,
      search: url.search,
      headers,
      at: Date.now(),
      keyAccepted: key !== undefined && keys.includes(key),
      ...(matched ? { model, action: action as GeminiAction } : {}),
    }
    if (text) {
      try {
        record.body = JSON.parse(text) as unknown
      } catch {
        record.body = text
      }
    }
    requests.push(record)
    inFlight += 1
    peak = Math.max(peak, inFlight)
    const counted = record.action
    if (counted) {
      inFlightOf.set(counted, (inFlightOf.get(counted) ?? 0) + 1)
      peakOf.set(counted, Math.max(peakOf.get(counted) ?? 0, inFlightOf.get(counted)!))
    }
    const line = watch(res)
    res.once('close', () => {
      inFlight -= 1
      if (counted) {
        inFlightOf.set(counted, inFlightOf.get(counted)! - 1)
      }
      record.status ??= 0
    })

    const send = (status: number, body: unknown) => {
      record.status = status
      res.writeHead(status, JSON_HEADERS).end(JSON.stringify(body))
    }
    const refuse = (reply: GoogleErrorReply) => send(reply.status, reply.body)

    if (!matched || !action || method !== 'POST') {
      record.status = 404
      res.writeHead(404, { 'Content-Type': 'text/html; charset=UTF-8' }).end(notFoundPage(url.pathname))
      return
    }
    const rpc = action as GeminiAction
    if (key === undefined) {
      refuse(unregisteredCaller())
      return
    }
    if (!record.keyAccepted) {
      refuse(apiKeyInvalid())
      return
    }
    if (!isObject(record.body) && text.trim() !== '') {
      refuse(invalidArgument('Invalid JSON payload received. Unexpected token.'))
      return
    }
    const body = (isObject(record.body) ? record.body : {}) as GenerateContentBody
    if (!known.has(model)) {
      refuse(modelNotFound(model, version, rpc))
      return
    }
    if (rpc !== 'countTokens' && !(Array.isArray(body.contents) && body.contents.length > 0)) {
      refuse(invalidArgument('* GenerateContentRequest.contents: contents is not specified\n'))
      return
    }

    const slow = delays.take(model, rpc)
    if (slow) {
      await line.pause(slow.delayMs)
    }
    if (hangs.take(model, rpc)) {
      await line.untilClosed()
      return
    }
    const failure = failures.take(model, rpc)
    if (failure) {
      if (failure.status === 0) {
        record.status = 0
        res.destroy()
      } else {
        refuse(failure.status === 429 ? rateLimited(model, failure.retryDelaySeconds ?? 2) : failureFor(failure.status, failure.message))
      }
      return
    }
    if (line.closed()) {
      return
    }

    if (rpc === 'countTokens') {
      // The API also takes a whole generateContent request to count; the SDK sends only contents.
      const counted = isObject(body.generateContentRequest) ? body.generateContentRequest : body
      const totalTokens = countTokens(counted)
      send(200, { totalTokens, promptTokensDetails: [{ modality: 'TEXT', tokenCount: totalTokens }] })
      return
    }
    const answer = await composeAnswer({ call: callOf(model, rpc === 'streamGenerateContent', body), responder: currentResponder, thoughtsTokens: currentThoughts, jsonFault })
    const ids = { model, responseId: makeResponseId() }
    if (rpc === 'generateContent') {
      send(200, responseBody(answer, ids))
      return
    }
    const chunks = streamChunks(answer, ids)
    if (url.searchParams.get('alt') !== 'sse') {
      // Without alt=sse Google streams one JSON array; sent here in one go.
      send(200, chunks)
      return
    }
    const broken = breaks.take(model, rpc)
    const stopAt = broken ? Math.max(0, Math.min(broken.afterChunks ?? 1, chunks.length - 1)) : undefined
    record.status = 200
    record.chunksSent = 0
    res.writeHead(200, SSE_HEADERS)
    for (const [index, chunk] of chunks.entries()) {
      if (index > 0 && slow) {
        await line.pause(slow.delayMs)
      }
      if (line.closed()) {
        return
      }
      if (index === stopAt) {
        res.destroy()
        return
      }
      await line.write(`data: ${JSON.stringify(chunk)}\r\n\r\n`)
      record.chunksSent += 1
    }
    res.end()
  }

  serve({
    handle,
    failed: (res) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      const reply = failureFor(500)
      res.writeHead(reply.status, JSON_HEADERS).end(JSON.stringify(reply.body))
    },
  })

  return {
    /** The SDK's `httpOptions.baseUrl` (it adds `/v1beta/models/...`). */
    baseUrl,
    /** The first key it accepts. */
    apiKey: keys[0] as string,
    apiKeys: keys,
    models: [...known],
    /** Every request so far, in arrival order (answered or not). */
    requests: (): GeminiRecordedRequest[] => [...requests],
    /** Forgets the requests so far and starts the concurrency peak again from what is in flight. */
    clearRequests: () => {
      requests.length = 0
      peak = inFlight
      for (const [action, open] of inFlightOf) {
        peakOf.set(action, open)
      }
    },
    /** The most requests (of one action, if given) it has held open at once. */
    maxConcurrent: (action?: GeminiAction) => (action ? (peakOf.get(action) ?? 0) : peak),
    /** The requests it holds open now. */
    inFlight: () => inFlight,
    /** Makes the answers from now on; undefined puts the default back. */
    setResponder: (next: GeminiResponder | undefined) => {
      currentResponder = next
    },
    /** Thinking tokens each answer reports from now on. */
    setThoughtsTokens: (count: number) => {
      currentThoughts = count
    },
    /** JSON answers go wrong this way from now on; undefined makes them right again. */
    setJsonFault: (fault: JsonFault | undefined) => {
      jsonFault = fault
    },
    /** The next matching requests fail with Google's error body (see FailNext). */
    failNext: (fault: FailNext) => failures.add(fault),
    /** The next matching requests are answered late (see SlowNext). */
    slowNext: (rule: SlowNext) => delays.add(rule),
    /** The next matching requests are never answered: they stay open until the client gives up or the stand-in closes. */
    hangNext: (rule: FaultMatch = {}) => hangs.add(rule),
    /** The next matching streams break partway (see BreakStreamNext). */
    breakStreamNext: (rule: BreakStreamNext = {}) => breaks.add({ ...rule, action: 'streamGenerateContent' }),
    /** Forgets faults not used up yet (the JSON fault too). */
    clearFaults: () => {
      failures.clear()
      delays.clear()
      hangs.clear()
      breaks.clear()
      jsonFault = undefined
    },
    /** Drops every connection (hanging ones too) and stops listening. */
    close,
  }
}

export type GeminiStandIn = Awaited<ReturnType<typeof startGeminiStandIn>>
