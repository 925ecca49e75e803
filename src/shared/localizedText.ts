/**
 * A localized text read in every locale (`locale: 'all'`), in one language: the one wanted, then
 * English, then whichever it was written in. Empty when it has none.
 */
export const textIn = (value: unknown, locale = 'en'): string => {
  if (typeof value === 'string') {
    return value
  }
  const texts = (value ?? {}) as Record<string, string | null | undefined>
  const present = (text: string | null | undefined): text is string => typeof text === 'string' && text !== ''
  return [texts[locale], texts.en].find(present) ?? Object.values(texts).find(present) ?? ''
}
