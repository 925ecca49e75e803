import type { Content } from '@google/genai'

import { breakArrayItems, exampleOf } from './schemaExample'
import { countTokens, tokensOfAnswer, truncateToTokens } from './tokens'

/** `generationConfig` as it comes over the wire (the SDK's `config` minus what it moves to the top level). */
export type WireGenerationConfig = {
  maxOutputTokens?: number
  temperature?: number
  responseMimeType?: string
  /** Google's OpenAPI subset, upper-case types. */
  responseSchema?: unknown
  /** JSON Schema, as given. */
  responseJsonSchema?: unknown
  thinkingConfig?: { thinkingBudget?: number; includeThoughts?: boolean; thinkingLevel?: string }
  [name: string]: unknown
}

/** A generateContent (or streamGenerateContent) request body. */
export type GenerateContentBody = {
  contents?: Content[]
  systemInstruction?: Content
  generationConfig?: WireGenerationConfig
  [name: string]: unknown
}

/** What a responder is shown of a call. */
export type GeminiCall = {
  /** Without `models/`. */
  model: string
  stream: boolean
  body: GenerateContentBody
  /** The text of the last user turn, parts joined by newlines. */
  lastUserText: string
  /** Whether the call asked for JSON (`responseMimeType: 'application/json'`). */
  json: boolean
  /** `responseJsonSchema`, else `responseSchema`, when sent. */
  schema: unknown
}

/**
 * Makes the model's answer: a string is the text as it is; anything else is sent as JSON text;
 * undefined leaves the default (a sentence quoting the last user message, or in JSON mode a
 * minimal value meeting the schema).
 */
export type GeminiResponder = (call: GeminiCall) => unknown

/**
 * How JSON answers go wrong when asked: `invalid-items` drops the required properties of every
 * other item of each array of objects; `malformed` cuts the JSON text off halfway.
 */
export type JsonFault = 'invalid-items' | 'malformed'

export type UsageMetadata = {
  promptTokenCount: number
  /** Left out when the answer has no text, as Google does. */
  candidatesTokenCount?: number
  /** Left out when there was no thinking. */
  thoughtsTokenCount?: number
  totalTokenCount: number
  promptTokensDetails: { modality: string; tokenCount: number }[]
}

export type Answer = { text: string; finishReason: 'STOP' | 'MAX_TOKENS'; usage: UsageMetadata }

const textOfContent = (content: Content | undefined): string => (content?.parts ?? []).flatMap((part) => (typeof part.text === 'string' ? [part.text] : [])).join('\n')

export const callOf = (model: string, stream: boolean, body: GenerateContentBody): GeminiCall => {
  const config = body.generationConfig ?? {}
  const lastUser = [...(body.contents ?? [])].reverse().find((content) => content.role === undefined || content.role === 'user')
  return {
    model,
    stream,
    body,
    lastUserText: textOfContent(lastUser),
    json: config.responseMimeType === 'application/json',
    schema: config.responseJsonSchema ?? config.responseSchema,
  }
}

const QUOTED_CHARACTERS = 120

const defaultText = ({ model, lastUserText }: GeminiCall): string => {
  const said = lastUserText.trim().replace(/\s+/g, ' ')
  const quoted = said.length > QUOTED_CHARACTERS ? `${said.slice(0, QUOTED_CHARACTERS)}…` : said
  return quoted ? `Stand-in answer from ${model} to the message "${quoted}".` : `Stand-in answer from ${model}.`
}

const textOf = (call: GeminiCall, produced: unknown, jsonFault: JsonFault | undefined): string => {
  if (typeof produced === 'string') {
    return produced
  }
  if (!call.json) {
    return produced === undefined ? defaultText(call) : JSON.stringify(produced)
  }
  const value = produced === undefined ? exampleOf(call.schema) : produced
  const json = JSON.stringify(jsonFault === 'invalid-items' ? breakArrayItems(value, call.schema) : value)
  return jsonFault === 'malformed' ? json.slice(0, Math.max(1, Math.floor(json.length / 2))) : json
}

/**
 * The answer to a call and what it cost. Thinking comes out of the same `maxOutputTokens` as
 * the answer (as on Gemini 2.5): the text is cut to what is left, with finishReason MAX_TOKENS,
 * and may be cut to nothing when thinking took it all.
 */
export const composeAnswer = async ({
  call,
  responder,
  thoughtsTokens,
  jsonFault,
}: {
  call: GeminiCall
  responder: GeminiResponder | undefined
  thoughtsTokens: number
  jsonFault: JsonFault | undefined
}): Promise<Answer> => {
  const config = call.body.generationConfig ?? {}
  const text = textOf(call, responder ? await responder(call) : undefined, call.json ? jsonFault : undefined)
  const max = typeof config.maxOutputTokens === 'number' ? config.maxOutputTokens : Number.POSITIVE_INFINITY
  const budget = config.thinkingConfig?.thinkingBudget
  const thoughts = budget === 0 ? 0 : Math.min(thoughtsTokens, typeof budget === 'number' && budget > 0 ? budget : Number.POSITIVE_INFINITY, max)
  const room = max - thoughts
  const kept = tokensOfAnswer(text) > room ? truncateToTokens(text, room) : text
  const promptTokenCount = countTokens(call.body)
  const candidatesTokenCount = tokensOfAnswer(kept)
  return {
    text: kept,
    finishReason: kept === text ? 'STOP' : 'MAX_TOKENS',
    usage: {
      promptTokenCount,
      ...(candidatesTokenCount > 0 ? { candidatesTokenCount } : {}),
      ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
      totalTokenCount: promptTokenCount + candidatesTokenCount + thoughts,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokenCount }],
    },
  }
}

const contentOf = (text: string) => (text ? { parts: [{ text }], role: 'model' } : { role: 'model' })

/** A whole generateContent answer. */
export const responseBody = (answer: Answer, { model, responseId }: { model: string; responseId: string }) => ({
  candidates: [{ content: contentOf(answer.text), finishReason: answer.finishReason, index: 0 }],
  usageMetadata: answer.usage,
  modelVersion: model,
  responseId,
})

const WORDS_PER_CHUNK = 8
const MIN_CHUNKS = 3

/** The text in pieces as a stream sends it: by words, at least three pieces when there are enough words (or characters). */
const piecesOf = (text: string): string[] => {
  const words = text.split(/(?<=\s)(?=\S)/).filter(Boolean)
  const units = words.length >= MIN_CHUNKS ? words : Array.from(text)
  const count = Math.min(units.length, Math.max(MIN_CHUNKS, Math.ceil(units.length / WORDS_PER_CHUNK)))
  return Array.from({ length: count }, (_, index) => units.slice(Math.floor((index * units.length) / count), Math.floor(((index + 1) * units.length) / count)).join(''))
}

/**
 * The same answer as streamGenerateContent sends it: each chunk a whole response with a piece
 * of the text; the chunks before the last carry only the prompt's count in their usage, the last
 * one the full usage and the finishReason.
 */
export const streamChunks = (answer: Answer, { model, responseId }: { model: string; responseId: string }) => {
  const pieces = answer.text ? piecesOf(answer.text) : ['']
  const partialUsage = { promptTokenCount: answer.usage.promptTokenCount, totalTokenCount: answer.usage.promptTokenCount, promptTokensDetails: answer.usage.promptTokensDetails }
  return pieces.map((piece, index) => {
    const last = index === pieces.length - 1
    return {
      candidates: [{ content: contentOf(piece), ...(last ? { finishReason: answer.finishReason } : {}), index: 0 }],
      usageMetadata: last ? answer.usage : partialUsage,
      modelVersion: model,
      responseId,
    }
  })
}
