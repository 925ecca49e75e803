import fs from 'node:fs'
import path from 'node:path'

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
export type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

export type ProfileSummary = {
  /** Sampled CPU time inside the window, in ms. */
  sampledMs: number
  /** Self time by where the code lives: a package, Next's server bundle, Node itself, the garbage collector. */
  byPlace: { place: string; ms: number; percent: number }[]
  /** Self time by function. */
  byFunction: { fn: string; ms: number; percent: number }[]
  /** Inclusive time of the app's own frames worth naming (what a function and everything it called took). */
  inclusive: { fn: string; ms: number; percent: number }[]
}

/**
 * Frames summed with everything they called: the payments path and the Payload operations it runs
 * (in the server's profile only names that survive bundling count: Next minifies the rest).
 */
export const NAMED_FRAMES =
  /^(startPayment|placeOrder|checkBuyable|startStripe|createStripeCheckout|readableCourse|readableOr404|providersOf|paymentSettingsOf|receiveProviderEvent|applyProviderEvent|applyStripeEvent|recordCharge|activateEnrollment|issueInvoice|faceOf|recordEvent|redeemCoupon|checkEnrollmentWrite|createOperation|updateByIDOperation|updateOperation|findOperation|findByIDOperation|countOperation|afterRead|beforeChange|afterChange|beforeValidate|traverseFields|promise|executeAccess|verifiedStripeEvent|constructEvent|initTransaction|commitTransaction|createLocalReq|auditLog.*|writeAudit.*|.*[Aa]udit.*)$/

/** Where a frame's code is: `payload`, `drizzle-orm`, `src/domain/payments`, a chunk of Next's server bundle, `node`, `(garbage collector)`... */
const placeOf = (url: string, functionName: string): string => {
  if (!url) {
    return functionName.startsWith('(') ? functionName : '(native)'
  }
  if (url.startsWith('node:')) {
    return 'node'
  }
  const inModules = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)
  if (inModules) {
    return inModules.at(-1)!.replace('node_modules/', '')
  }
  if (url.includes('/.next/')) {
    return `.next/${url.split('/.next/')[1]}`
  }
  const inSource = url.match(/\/(src\/[^/]+(?:\/[^/.]+(?=\/))?)/)
  if (inSource) {
    return inSource[1]!
  }
  return path.basename(url)
}

/** Reads a V8 CPU profile (`--cpu-prof`, or cpuProfiler.ts) and sums the samples between `fromUs` and `toUs` (see summarizeProfileData). */
export const summarizeProfile = (file: string, fromUs: number, toUs: number, inclusiveNames: RegExp): ProfileSummary =>
  summarizeProfileData(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, fromUs, toUs, inclusiveNames)

/**
 * Sums a profile's samples taken between `fromUs` and `toUs`: V8 stamps them with the monotonic
 * clock `process.hrtime` reads, so the benchmark's own readings of it mark the part it measured,
 * booting and the other parts left out. Self time by place and by function, and the inclusive
 * time of the frames `inclusiveNames` matches.
 */
export const summarizeProfileData = (profile: CpuProfile, fromUs: number, toUs: number, inclusiveNames: RegExp): ProfileSummary => {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node.id)
    }
  }
  const byPlace = new Map<string, number>()
  const byFunction = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let at = profile.startTime
  let sampledUs = 0
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0
    at += delta
    if (at < fromUs || at > toUs) {
      return
    }
    // A sample stands for the time until the next one.
    const us = profile.timeDeltas[i + 1] ?? 0
    const node = nodes.get(id)!
    if (node.callFrame.functionName === '(idle)') {
      return
    }
    sampledUs += us
    const { functionName, url, lineNumber } = node.callFrame
    const place = placeOf(url, functionName)
    byPlace.set(place, (byPlace.get(place) ?? 0) + us)
    const fn = `${functionName || '(anonymous)'} ${place}${url ? `:${lineNumber + 1}` : ''}`
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us)
    const named = new Set<string>()
    for (let cursor: number | undefined = id; cursor !== undefined; cursor = parent.get(cursor)) {
      const frame = nodes.get(cursor)!.callFrame
      if (inclusiveNames.test(frame.functionName) && !named.has(frame.functionName)) {
        named.add(frame.functionName)
        inclusive.set(frame.functionName, (inclusive.get(frame.functionName) ?? 0) + us)
      }
    }
  })
  const rows = (map: Map<string, number>, key: 'place' | 'fn', limit: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ [key]: name, ms: Math.round(us / 1000), percent: Math.round((us / Math.max(1, sampledUs)) * 1000) / 10 }))
  return {
    sampledMs: Math.round(sampledUs / 1000),
    byPlace: rows(byPlace, 'place', 15) as ProfileSummary['byPlace'],
    byFunction: rows(byFunction, 'fn', 25) as ProfileSummary['byFunction'],
    inclusive: rows(inclusive, 'fn', 30) as ProfileSummary['inclusive'],
  }
}

/** Asks the server's profiler (cpuProfiler.ts) for what it sampled so far, and waits for the file. */
export const dumpProfile = async (dir: string, pid: number, deadlineMs = 60_000): Promise<void> => {
  process.kill(pid, 'SIGUSR2')
  const deadline = Date.now() + deadlineMs
  while (!profileOf(dir, pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** The profile a process wrote into `dir` (named after its pid). */
export const profileOf = (dir: string, pid: number): string | undefined => {
  const name = fs.existsSync(dir) ? fs.readdirSync(dir).find((file) => file.includes(`.${pid}.`) && file.endsWith('.cpuprofile')) : undefined
  return name ? path.join(dir, name) : undefined
}
