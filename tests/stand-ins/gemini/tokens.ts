/**
 * Google's tokenizer, stood in for by a rule tests can predict: one token per 4 bytes of UTF-8
 * text, rounded up, at least one a part. Images and files count what Gemini bills for one image.
 */
export const BYTES_PER_TOKEN = 4
const MEDIA_PART_TOKENS = 258

/** The tokens of one text (a part's, or an answer's). */
export const tokensOfText = (text: string): number => Math.max(1, Math.ceil(Buffer.byteLength(text, 'utf8') / BYTES_PER_TOKEN))

/** The tokens an answer's text cost: none for no text at all. */
export const tokensOfAnswer = (text: string): number => (text === '' ? 0 : tokensOfText(text))

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

/** The parts of whatever the SDK takes or sends as contents: a string, a part, a Content, or a list of those. */
const partsOf = (value: unknown): unknown[] => {
  if (value === undefined || value === null) {
    return []
  }
  if (Array.isArray(value)) {
    return value.flatMap(partsOf)
  }
  if (isObject(value) && ('parts' in value || 'role' in value)) {
    return Array.isArray(value.parts) ? value.parts : []
  }
  return [value]
}

const tokensOfPart = (part: unknown): number => {
  if (typeof part === 'string') {
    return tokensOfText(part)
  }
  if (!isObject(part)) {
    return 0
  }
  if (typeof part.text === 'string') {
    return tokensOfText(part.text)
  }
  if (part.inlineData || part.fileData) {
    return MEDIA_PART_TOKENS
  }
  return tokensOfText(JSON.stringify(part))
}

/**
 * What the stand-in's countTokens answers for these contents (and system instruction), and so
 * the promptTokenCount of a generateContent call sending them. Takes the wire shape or the
 * SDK's (`contents: 'Hi'`, `[{ role, parts }]`); a system instruction counts like one more turn.
 */
export const countTokens = ({ contents, systemInstruction }: { contents?: unknown; systemInstruction?: unknown }): number =>
  [...partsOf(systemInstruction), ...partsOf(contents)].reduce<number>((sum, part) => sum + tokensOfPart(part), 0)

/** The longest start of `text` that costs at most `tokens`, cut between characters. */
export const truncateToTokens = (text: string, tokens: number): string => {
  const limit = Math.max(0, tokens) * BYTES_PER_TOKEN
  let bytes = 0
  let end = 0
  for (const char of text) {
    bytes += Buffer.byteLength(char, 'utf8')
    if (bytes > limit) {
      break
    }
    end += char.length
  }
  return text.slice(0, end)
}
