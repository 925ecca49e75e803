/** `work`, or a rejection naming `what` once `ms` have passed: a check that hangs is a check that failed. */
export const withTimeout = async <T>(work: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out`)), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
