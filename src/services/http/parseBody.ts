/** A response body as text, read as JSON when it is JSON: the text itself when not, undefined when empty. */
export const parseBody = (text: string): unknown => {
  if (!text) {
    return undefined
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}
