/** Arabic diacritics (harakat, tanwin, shadda, sukun, the dagger alef, Quranic marks) and the tatweel: writers leave them out or put them in. */
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g

/** Letters written interchangeably in everyday Arabic: hamza forms of alef, alef maqsura and ya, ta marbuta and ha. */
const ARABIC_LETTERS: Record<string, string> = { 'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ى': 'ي', 'ة': 'ه', 'ؤ': 'و', 'ئ': 'ي' }

/** Arabic-Indic (٠–٩) and Eastern Arabic-Indic (۰–۹) digits, as the Western digits they are. */
const toWesternDigits = (text: string): string =>
  text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.codePointAt(0)! - (d >= '\u06F0' ? 0x06f0 : 0x0660))))

/** Punctuation a student may add or leave off around an answer (Latin and Arabic). */
const EDGE_PUNCTUATION = /^[\s.,;:!?'"`«»“”‘’()[\]{}،؛؟۔-]+|[\s.,;:!?'"`«»“”‘’()[\]{}،؛؟۔-]+$/g

/**
 * A short answer as it is compared: Unicode-normalised (NFKC, which also undoes Arabic
 * presentation forms), Arabic diacritics and letter variants folded, digits made Western,
 * spaces collapsed, punctuation at the ends dropped and, unless case matters, lower-cased.
 */
export const normaliseAnswer = (text: string, { caseSensitive = false }: { caseSensitive?: boolean } = {}): string => {
  let value = toWesternDigits(text.normalize('NFKC').replace(ARABIC_MARKS, '').replace(/[أإآٱىةؤئ]/g, (c) => ARABIC_LETTERS[c] ?? c))
  value = value.replace(/\s+/g, ' ').replace(EDGE_PUNCTUATION, '')
  return caseSensitive ? value : value.toLowerCase()
}

/** Whether a student's short answer matches one of the accepted answers. */
export const matchesAnswer = (given: string, accepted: readonly string[], caseSensitive = false): boolean => {
  const answer = normaliseAnswer(given, { caseSensitive })
  return answer !== '' && accepted.some((a) => normaliseAnswer(a, { caseSensitive }) === answer)
}
