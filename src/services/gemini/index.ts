import { ApiError, type GenerateContentConfig, type GenerateContentResponse, GoogleGenAI } from '@google/genai'

import { settings } from '@/settings'

/**
 * Google's Gemini, hidden behind one client: the rest of the app says what to ask in its own
 * terms (a system instruction, a conversation, the most output it will pay for, a JSON schema)
 * and gets text, parsed JSON and the tokens the call cost, thinking included. Google's SDK
 * (`@google/genai`, the 2.x line for Node 20) does the wire; its own retry covers 429 and 5xx,
 * each attempt bounded by the timeout.
 */

export type GeminiMessage = { role: 'user' | 'model'; text: string }

export type GeminiRequest = {
  system?: string
  messages: GeminiMessage[]
  /** The most output (thinking included) the caller will pay for. */
  maxOutputTokens: number
  /** Structured output: the answer is JSON meeting this JSON Schema (still to be validated by the caller). */
  jsonSchema?: Record<string, unknown>
  /** 0 turns thinking off; undefined leaves the model's default. */
  thinkingBudget?: number
  temperature?: number
  /** Stops the call (a student who left the page): it ends with a GeminiError `CANCELLED`. */
  signal?: AbortSignal
}

export type GeminiUsage = { promptTokens: number; outputTokens: number; thinkingTokens: number; totalTokens: number }

export type GeminiResult = {
  text: string
  usage: GeminiUsage
  /** Google's word for why the answer stopped: STOP, MAX_TOKENS, SAFETY, ... */
  finishReason: string | undefined
  model: string | undefined
}

export type GeminiErrorCode = 'RATE_LIMITED' | 'UNAVAILABLE' | 'TIMEOUT' | 'CANCELLED' | 'REFUSED' | 'BAD_REQUEST' | 'FAILED'

/** A Gemini call that failed, in the app's terms; never carries the key. */
export class GeminiError extends Error {
  readonly code: GeminiErrorCode
  readonly status: number | undefined
  constructor(code: GeminiErrorCode, message: string, status?: number) {
    super(message)
    this.name = 'GeminiError'
    this.code = code
    this.status = status
  }
}

export type GeminiOptions = {
  apiKey: string
  /** @default settings.gemini.baseUrl (GEMINI_API_BASE), else Google's */
  baseUrl?: string
  /** @default settings.gemini.model (GEMINI_MODEL) */
  model?: string
  /** Each attempt's limit. @default settings.gemini.timeoutMs (GEMINI_TIMEOUT_MS) */
  timeoutMs?: number
  /** Attempts in all (the first included) on 429 and 5xx, and the first wait in seconds, doubling. @default { attempts: 3, initialDelaySeconds: 1 } */
  retry?: { attempts: number; initialDelaySeconds: number }
}

const codeOfStatus = (status: number): GeminiErrorCode => {
  if (status === 429) {
    return 'RATE_LIMITED'
  }
  if (status === 401 || status === 403) {
    return 'REFUSED'
  }
  if (status >= 500) {
    return 'UNAVAILABLE'
  }
  return 'BAD_REQUEST'
}

/** Google's error body, as the SDK puts it in the message: its own words, without the JSON around them. */
const messageOf = (error: ApiError): string => {
  const body = /\{[\s\S]*\}$/.exec(error.message)?.[0]
  try {
    const parsed = body ? (JSON.parse(body) as { error?: { message?: string; status?: string; details?: { reason?: string }[] } }) : undefined
    const reason = parsed?.error?.details?.find((detail) => detail.reason)?.reason
    return [parsed?.error?.status, reason, parsed?.error?.message].filter(Boolean).join(': ') || error.message
  } catch {
    return error.message
  }
}

const toGeminiError = (error: unknown, apiKey: string, signal: AbortSignal | undefined): GeminiError => {
  if (error instanceof GeminiError) {
    return error
  }
  const scrub = (text: string) => text.split(apiKey).join('[key]')
  if (error instanceof ApiError) {
    const message = scrub(messageOf(error))
    // Google answers a key it does not know with 400 API_KEY_INVALID.
    const code = /API_KEY_INVALID|PERMISSION_DENIED|UNAUTHENTICATED/.test(message) ? 'REFUSED' : codeOfStatus(error.status)
    return new GeminiError(code, `Gemini: ${message}`, error.status)
  }
  const name = (error as { name?: string } | undefined)?.name
  // undici's words for a connection lost while asking (`fetch failed`) or while reading (`terminated`).
  if (error instanceof TypeError && /^(fetch failed|terminated)$/.test(error.message)) {
    return new GeminiError('UNAVAILABLE', `Gemini: the connection was lost (${error.message}).`)
  }
  if (name === 'AbortError' || name === 'TimeoutError') {
    return signal?.aborted ? new GeminiError('CANCELLED', 'Gemini: the call was stopped.') : new GeminiError('TIMEOUT', 'Gemini: no answer in time.')
  }
  return new GeminiError('FAILED', `Gemini: ${scrub(error instanceof Error ? error.message : String(error))}`)
}

const usageOf = (response: GenerateContentResponse | undefined): GeminiUsage => {
  const usage = response?.usageMetadata
  const promptTokens = usage?.promptTokenCount ?? 0
  const outputTokens = usage?.candidatesTokenCount ?? 0
  const thinkingTokens = usage?.thoughtsTokenCount ?? 0
  // Billed on the total, which also counts tool-use prompts; never less than its parts.
  const totalTokens = Math.max(usage?.totalTokenCount ?? 0, promptTokens + outputTokens + thinkingTokens)
  return { promptTokens, outputTokens, thinkingTokens, totalTokens }
}

const contentsOf = (messages: GeminiMessage[]) => messages.map((message) => ({ role: message.role, parts: [{ text: message.text }] }))

export const createGeminiClient = ({ apiKey, baseUrl, model, timeoutMs, retry = { attempts: 3, initialDelaySeconds: 1 } }: GeminiOptions) => {
  const defaults = settings.gemini
  const modelName = model ?? defaults.model
  const ai = new GoogleGenAI({
    apiKey,
    httpOptions: {
      ...((baseUrl ?? defaults.baseUrl) ? { baseUrl: baseUrl ?? defaults.baseUrl } : {}),
      timeout: timeoutMs ?? defaults.timeoutMs,
      retryOptions: { attempts: retry.attempts, initialDelay: retry.initialDelaySeconds, maxDelay: Math.max(retry.initialDelaySeconds, 30), httpStatusCodes: [429, 500, 502, 503, 504] },
    },
  })

  const configOf = (request: GeminiRequest): GenerateContentConfig => ({
    ...(request.system ? { systemInstruction: request.system } : {}),
    maxOutputTokens: request.maxOutputTokens,
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.jsonSchema ? { responseMimeType: 'application/json', responseJsonSchema: request.jsonSchema } : {}),
    ...(request.thinkingBudget !== undefined ? { thinkingConfig: { thinkingBudget: request.thinkingBudget } } : {}),
    ...(request.signal ? { abortSignal: request.signal } : {}),
  })

  const resultOf = (response: GenerateContentResponse | undefined, text: string): GeminiResult => ({
    text,
    usage: usageOf(response),
    finishReason: response?.candidates?.[0]?.finishReason,
    model: response?.modelVersion,
  })

  return {
    model: modelName,

    /** The prompt's tokens as Google counts them (for reserving a budget before the call). */
    countTokens: async ({ system, messages, signal }: Pick<GeminiRequest, 'system' | 'messages' | 'signal'>): Promise<number> => {
      try {
        // countTokens takes no system instruction on the Gemini API: it is counted as a turn of its own.
        const contents = contentsOf(system ? [{ role: 'user', text: system }, ...messages] : messages)
        const answer = await ai.models.countTokens({ model: modelName, contents, config: signal ? { abortSignal: signal } : undefined })
        return answer.totalTokens ?? 0
      } catch (error) {
        throw toGeminiError(error, apiKey, signal)
      }
    },

    /** One answer, whole. */
    generate: async (request: GeminiRequest): Promise<GeminiResult> => {
      try {
        const response = await ai.models.generateContent({ model: modelName, contents: contentsOf(request.messages), config: configOf(request) })
        return resultOf(response, response.text ?? '')
      } catch (error) {
        throw toGeminiError(error, apiKey, request.signal)
      }
    },

    /**
     * One answer as it is written: `onText` gets each piece in order; the result, once it ends,
     * has the whole text and the usage from the last chunk (the only one with the full totals).
     */
    stream: async (request: GeminiRequest, onText: (piece: string) => void | Promise<void>): Promise<GeminiResult> => {
      let text = ''
      let last: GenerateContentResponse | undefined
      try {
        for await (const chunk of await ai.models.generateContentStream({ model: modelName, contents: contentsOf(request.messages), config: configOf(request) })) {
          last = chunk
          const piece = chunk.text ?? ''
          if (piece) {
            text += piece
            await onText(piece)
          }
        }
      } catch (error) {
        throw toGeminiError(error, apiKey, request.signal)
      }
      return resultOf(last, text)
    },
  }
}

export type GeminiClient = ReturnType<typeof createGeminiClient>

/** The configured client, or undefined when no key is set (the AI features are off). */
export const configuredGemini = (): GeminiClient | undefined => {
  const { apiKey } = settings.gemini
  return apiKey ? createGeminiClient({ apiKey }) : undefined
}
