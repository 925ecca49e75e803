/**
 * Times the phases of one piece of work, for a `Server-Timing` header or an event: each `lap`
 * records the milliseconds since the previous one under a name.
 */
export const phaseTimer = () => {
  let last = performance.now()
  const laps: [string, number][] = []
  return {
    lap: (name: string): void => {
      const now = performance.now()
      laps.push([name, Math.round((now - last) * 10) / 10])
      last = now
    },
    /** As a `Server-Timing` header value: `course;dur=1.2, history;dur=0.8`. */
    header: (): string => laps.map(([name, ms]) => `${name};dur=${ms}`).join(', '),
    entries: (): Record<string, number> => Object.fromEntries(laps),
  }
}

export type PhaseTimer = ReturnType<typeof phaseTimer>
