/** Text without control characters but tab and newlines: what a model writes may hold a NUL, which PostgreSQL refuses. */
export const withoutControls = (text: string): string => Array.from(text).filter((ch) => ch === '\t' || ch === '\n' || ch === '\r' || ch.charCodeAt(0) >= 0x20).join('')
