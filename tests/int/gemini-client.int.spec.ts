import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { quizJsonSchema, readQuizAnswer } from '@/domain/ai/quizGeneration/answer'
import { createGeminiClient, type GeminiClient, GeminiError } from '@/services/gemini'

import { countTokens, type GeminiStandIn, startGeminiStandIn } from '../stand-ins/gemini'

let gemini: GeminiStandIn
let client: GeminiClient
const conversation = { system: 'You are a patient tutor. Guide; do not solve.', messages: [{ role: 'user' as const, text: 'What is a fraction?' }] }

const failureOf = async (work: Promise<unknown>): Promise<GeminiError> => {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(GeminiError)
  return error as GeminiError
}

beforeAll(async () => {
  gemini = await startGeminiStandIn({ thoughtsTokens: 7 })
  client = createGeminiClient({ apiKey: gemini.apiKey, baseUrl: gemini.baseUrl, model: 'gemini-2.5-flash', timeoutMs: 5000, retry: { attempts: 3, initialDelaySeconds: 0.05 } })
})

afterAll(async () => {
  await gemini?.close()
})

describe('the Gemini client, through Google’s SDK, against the stand-in', () => {
  it('should answer whole with the tokens it cost, thinking included, and count a prompt as the answer counts it', async () => {
    const prompt = await client.countTokens(conversation)
    expect(prompt).toBe(countTokens({ contents: [{ role: 'user', parts: [{ text: conversation.system }] }, { role: 'user', parts: [{ text: 'What is a fraction?' }] }] }))
    const result = await client.generate({ ...conversation, maxOutputTokens: 400 })
    expect(result.text).toContain('What is a fraction?')
    expect(result.usage).toEqual({ promptTokens: prompt, outputTokens: expect.any(Number), thinkingTokens: 7, totalTokens: prompt + result.usage.outputTokens + 7 })
    expect(result.finishReason).toBe('STOP')
    // What went over the wire: the system instruction, the output limit, the key in its header only.
    const sent = gemini.requests().at(-1)!
    expect([sent.action, sent.model, sent.keyAccepted]).toEqual(['generateContent', 'gemini-2.5-flash', true])
    expect(sent.body).toMatchObject({ systemInstruction: { parts: [{ text: conversation.system }] }, generationConfig: { maxOutputTokens: 400 } })
    expect(JSON.stringify(sent)).not.toContain(gemini.apiKey)
  })

  it('should stream an answer in pieces and settle on the last chunk’s totals', async () => {
    const whole = await client.generate({ ...conversation, maxOutputTokens: 400, thinkingBudget: 0 })
    const pieces: string[] = []
    const streamed = await client.stream({ ...conversation, maxOutputTokens: 400, thinkingBudget: 0 }, (piece) => {
      pieces.push(piece)
    })
    expect(pieces.length).toBeGreaterThanOrEqual(3)
    expect(pieces.join('')).toBe(whole.text)
    expect(streamed).toEqual({ ...whole, text: whole.text })
    expect(streamed.usage.thinkingTokens).toBe(0)
  })

  it('should ask for JSON meeting a schema and hand back its text to parse', async () => {
    const schema = { type: 'object', properties: { points: { type: 'array', items: { type: 'string' } } }, required: ['points'] }
    gemini.setResponder((call) => (call.json ? { points: ['Halves', 'Quarters'] } : undefined))
    try {
      const result = await client.generate({ ...conversation, maxOutputTokens: 200, jsonSchema: schema })
      expect(JSON.parse(result.text)).toEqual({ points: ['Halves', 'Quarters'] })
      expect(gemini.requests().at(-1)!.body).toMatchObject({ generationConfig: { responseMimeType: 'application/json', responseJsonSchema: schema } })
    } finally {
      gemini.setResponder(undefined)
    }
  })

  it('should get JSON of the asked shape from the stand-in when no answer is scripted', async () => {
    // The quiz generator's own schema: what the stand-in makes of it must be what the app reads.
    const types = ['single', 'true-false'] as const
    const result = await client.generate({ ...conversation, maxOutputTokens: 400, jsonSchema: quizJsonSchema(types) })
    const json = JSON.parse(result.text) as { title: unknown; questions: Record<string, unknown>[] }
    expect(typeof json.title).toBe('string')
    expect(json.questions.length).toBeGreaterThan(0)
    for (const question of json.questions) {
      expect(Object.keys(question)).toEqual(expect.arrayContaining(['type', 'prompt', 'answers', 'explanation']))
      expect(types).toContain(question.type)
      expect(Array.isArray(question.answers)).toBe(true)
      if (question.points !== undefined) {
        expect(Number.isInteger(question.points) && (question.points as number) >= 1 && (question.points as number) <= 10).toBe(true)
      }
    }
    const read = readQuizAnswer(result.text, { types, count: 10 })
    expect(read).toBeDefined()
    expect(read!.questions.length + read!.dropped.length).toBe(json.questions.length)
  })

  it('should try a 429 and a 500 again, and give up with the reason after its attempts', async () => {
    const before = gemini.requests().length
    gemini.failNext({ status: 429, times: 1 })
    gemini.failNext({ status: 500, times: 1 })
    expect((await client.generate({ ...conversation, maxOutputTokens: 100 })).text).toBeTruthy()
    expect(gemini.requests().length - before).toBe(3)

    gemini.failNext({ status: 503, times: 3 })
    const gaveUp = await failureOf(client.generate({ ...conversation, maxOutputTokens: 100 }))
    expect([gaveUp.code, gaveUp.status]).toEqual(['UNAVAILABLE', 503])
    gemini.failNext({ status: 429, times: 3 })
    const limited = await failureOf(client.generate({ ...conversation, maxOutputTokens: 100 }))
    expect([limited.code, limited.status]).toEqual(['RATE_LIMITED', 429])
    expect(limited.message).toMatch(/RESOURCE_EXHAUSTED/)
  })

  it('should end a call with no answer in time, one stopped by the caller, a stream cut off and a key Google refuses, each with its own reason and never the key', async () => {
    const quick = createGeminiClient({ apiKey: gemini.apiKey, baseUrl: gemini.baseUrl, timeoutMs: 1000, retry: { attempts: 1, initialDelaySeconds: 0.05 } })
    gemini.hangNext({ times: 1 })
    expect((await failureOf(quick.generate({ ...conversation, maxOutputTokens: 100 }))).code).toBe('TIMEOUT')

    const stop = new AbortController()
    gemini.slowNext({ delayMs: 2000, times: 1 })
    const stopped = quick.generate({ ...conversation, maxOutputTokens: 100, signal: stop.signal })
    stop.abort()
    expect((await failureOf(stopped)).code).toBe('CANCELLED')
    // Stopped before it may have reached the stand-in: its slowness is not left for the next call.
    gemini.clearFaults()

    gemini.breakStreamNext({ afterChunks: 1 })
    expect((await failureOf(quick.stream({ ...conversation, maxOutputTokens: 400 }, () => undefined))).code).toBe('UNAVAILABLE')

    const wrongKey = 'AIzaSyWrongWrongWrongWrongWrongWrongWro'
    const refused = await failureOf(createGeminiClient({ apiKey: wrongKey, baseUrl: gemini.baseUrl, retry: { attempts: 1, initialDelaySeconds: 0.05 } }).generate({ ...conversation, maxOutputTokens: 100 }))
    expect([refused.code, refused.status]).toEqual(['REFUSED', 400])
    expect(refused.message).toMatch(/API_KEY_INVALID/)
    expect(`${refused.message} ${refused.stack}`).not.toContain(wrongKey)

    // An error that quotes the key back (as a proxy or a debug message may): told without it.
    gemini.failNext({ status: 400, times: 1, message: `Invalid argument in the request sent with key=${gemini.apiKey}.` })
    const quoted = await failureOf(quick.generate({ ...conversation, maxOutputTokens: 100 }))
    expect([quoted.code, quoted.status]).toEqual(['BAD_REQUEST', 400])
    expect(quoted.message).toContain('key=[key]')
    expect(`${quoted.message} ${quoted.stack}`).not.toContain(gemini.apiKey)
  })
})
