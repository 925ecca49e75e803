/**
 * Why fetch failed (ECONNREFUSED, a reset, a bad certificate...), in words that carry no
 * headers: credentials and tokens travel only in headers, never in these messages.
 */
export const fetchFailureReason = (error: unknown): string => {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause
  return String(cause?.code ?? cause?.message ?? (error as Error | undefined)?.message ?? error)
}
