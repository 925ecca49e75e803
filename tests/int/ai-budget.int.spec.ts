import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { AiUsage } from '@/payload-types'

import { createGeminiClient, type GeminiClient, type GeminiRequest } from '@/services/gemini'

import { bootApp, type TestApp } from '../helpers/boot'
import { createPerson, createSchool, createSuperAdmin, type Persona, type School, uniq } from '../helpers/personas'
import { countTokens, type GeminiStandIn, startGeminiStandIn } from '../stand-ins/gemini'

let app: TestApp
let gemini: GeminiStandIn
let client: GeminiClient
const id = uniq()

const question: GeminiRequest = {
  system: 'You are a patient tutor. Guide; do not solve.',
  messages: [{ role: 'user', text: 'Why do fractions need a common denominator to be added?' }],
  maxOutputTokens: 120,
}
/** What each call reserves: the prompt as Google counts it, plus the most it may write. */
const RESERVATION =
  countTokens({ contents: [{ role: 'user', parts: [{ text: question.system! }] }, { role: 'user', parts: [{ text: question.messages[0]!.text }] }] }) + question.maxOutputTokens

/** The domain's modules read settings at import: imported once the app has set the environment. */
const ai = async () => ({ ...(await import('@/domain/ai/meter')), ...(await import('@/domain/ai/budget')) })

/** The schools this file made, whose ledgers only the meter wrote (other files' fixtures write rows of their own). */
const ours = new Set<number>()

const schoolWithBudget = async (slug: string, settings: Record<string, unknown>): Promise<School> => {
  const school = await createSchool(app.payload, `${slug}-${id}`)
  ours.add(school.tenant.id)
  const made = await app.api.post('/api/ai-settings', { token: await app.api.tokenOf(school.admin), body: { tenant: school.tenant.id, ...settings } })
  expect(made.status, await made.clone().text()).toBe(201)
  return school
}

const ledgerOf = async (tenant: number): Promise<AiUsage[]> =>
  (await app.payload.find({ collection: 'ai-usage', where: { tenant: { equals: tenant } }, pagination: false, overrideAccess: true })).docs as AiUsage[]

const call = async (school: School, person: Persona | null, locale?: string) => {
  const { meteredCall } = await ai()
  return meteredCall(await localReq(), client, { tenant: school.tenant.id, person: person?.id ?? null, feature: 'tutor', locale }, question)
}

/** A call refused by a request rate: 429, with a time to retry within the minute. */
const expectRateRefusal = (result: Awaited<ReturnType<typeof call>>, reason: 'rate-person' | 'rate-school') => {
  expect(result.ok).toBe(false)
  if (!result.ok) {
    expect(result.refusal).toMatchObject({ status: 429, reason })
    expect(result.refusal.retryAfterSeconds).toBeGreaterThanOrEqual(1)
    expect(result.refusal.retryAfterSeconds).toBeLessThanOrEqual(60)
  }
}

const localReq = async () => {
  const { createLocalReq } = await import('payload')
  return createLocalReq({}, app.payload)
}

beforeAll(async () => {
  app = await bootApp()
  gemini = await startGeminiStandIn({ thoughtsTokens: 9 })
  client = createGeminiClient({ apiKey: gemini.apiKey, baseUrl: gemini.baseUrl, model: 'gemini-2.5-flash', timeoutMs: 5000, retry: { attempts: 1, initialDelaySeconds: 0.05 } })
})

afterAll(async () => {
  await gemini?.close()
  await app?.close()
})

describe('AI budgets', () => {
  it('should keep 50 concurrent calls within the school’s budget, settling each to what Google reports', async () => {
    // Room for ten reservations and a half: at most ten calls can hold one at a time.
    const budget = Math.floor(RESERVATION * 10.5)
    const school = await schoolWithBudget('budget', { monthlyTokens: budget, personDailyTokens: null, personRequestsPerMinute: 1000, schoolRequestsPerMinute: 1000 })
    // Made one after another: setup is not what runs concurrently here, and 50 account creations at
    // once queue for the connection pool on a small machine.
    const students = []
    for (let i = 0; i < 50; i++) {
      students.push(await createPerson(app.payload, { email: `s${i}-${uniq()}@budget.example`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] }))
    }
    gemini.clearRequests()
    // Slow answers, so the calls overlap and all 50 reserve while others are still running.
    gemini.slowNext({ delayMs: 150, times: 50, action: 'generateContent' })
    const results = await Promise.all(students.map((s) => call(school, s)))
    const answered = results.filter((r) => r.ok)
    const refused = results.filter((r) => !r.ok)
    expect(answered.length).toBeGreaterThanOrEqual(10)
    expect(answered.length + refused.length).toBe(50)
    for (const r of refused) {
      expect(r.ok ? null : [r.refusal.status, r.refusal.reason]).toEqual([402, 'budget-school'])
    }
    // Only the answered calls reached Gemini's generateContent.
    expect(gemini.requests().filter((r) => r.action === 'generateContent')).toHaveLength(answered.length)

    const { spentOf } = await ai()
    const ledger = await ledgerOf(school.tenant.id)
    expect(ledger).toHaveLength(answered.length)
    expect(ledger.every((row) => row.status === 'settled' && row.outcome === 'ok' && row.reservedTokens === RESERVATION)).toBe(true)
    const settled = ledger.reduce((sum, row) => sum + (row.totalTokens ?? 0), 0)
    // The counter is the ledger's sum, thinking included, and within the budget.
    expect(ledger.every((row) => row.totalTokens === (row.promptTokens ?? 0) + (row.outputTokens ?? 0) + (row.thinkingTokens ?? 0) && row.thinkingTokens === 9)).toBe(true)
    expect(await spentOf(await localReq(), school.tenant.id, 'school', '')).toBe(settled)
    expect(settled).toBeLessThanOrEqual(budget)
    // The reservations themselves, not only the sum settled afterwards: no more answers were
    // being written at once than the budget holds reservations (what settles for less frees
    // room only once it has settled), and they did overlap, or this would show nothing.
    expect(gemini.maxConcurrent('generateContent')).toBeLessThanOrEqual(Math.floor(budget / RESERVATION))
    expect(gemini.maxConcurrent('generateContent')).toBeGreaterThan(1)
  })

  it('should hold a person’s day and a feature’s month as tightly under concurrent calls', async () => {
    // A person: 20 calls at once from one student, room for three reservations.
    const personDay = Math.floor(RESERVATION * 3.5)
    const school = await schoolWithBudget('concurrent', { personDailyTokens: personDay, tutorMonthlyTokens: Math.floor(RESERVATION * 5.5), personRequestsPerMinute: 1000, schoolRequestsPerMinute: 1000 })
    gemini.clearRequests()
    gemini.slowNext({ delayMs: 150, times: 20, action: 'generateContent' })
    const mine = await Promise.all(Array.from({ length: 20 }, () => call(school, school.student)))
    const refusedMine = mine.filter((r) => !r.ok)
    expect(refusedMine.length).toBeGreaterThan(0)
    expect(refusedMine.every((r) => !r.ok && r.refusal.status === 402 && r.refusal.reason === 'budget-person')).toBe(true)
    expect(gemini.maxConcurrent('generateContent')).toBeLessThanOrEqual(3)
    expect(gemini.maxConcurrent('generateContent')).toBeGreaterThan(1)
    const { spentOf } = await ai()
    const personSpent = await spentOf(await localReq(), school.tenant.id, 'person', String(school.student.id))
    expect(personSpent).toBeLessThanOrEqual(personDay)
    const mineSettled = (await ledgerOf(school.tenant.id)).filter((row) => row.status === 'settled')
    expect(mineSettled).toHaveLength(mine.filter((r) => r.ok).length)
    expect(personSpent).toBe(mineSettled.reduce((sum, row) => sum + (row.totalTokens ?? 0), 0))

    // The tutor's month: 20 calls at once from 20 students, each with room of their own, the
    // feature with room for five reservations less what the first student spent.
    const students = []
    for (let i = 0; i < 20; i++) {
      students.push(await createPerson(app.payload, { email: `f${i}-${uniq()}@budget.example`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] }))
    }
    const featureRoom = Math.floor(RESERVATION * 5.5) - (await spentOf(await localReq(), school.tenant.id, 'feature', 'tutor'))
    gemini.clearRequests()
    gemini.slowNext({ delayMs: 150, times: 20, action: 'generateContent' })
    const theirs = await Promise.all(students.map((s) => call(school, s)))
    const refusedTheirs = theirs.filter((r) => !r.ok)
    expect(refusedTheirs.length).toBeGreaterThan(0)
    expect(refusedTheirs.every((r) => !r.ok && r.refusal.status === 402 && r.refusal.reason === 'budget-feature')).toBe(true)
    expect(gemini.maxConcurrent('generateContent')).toBeLessThanOrEqual(Math.floor(featureRoom / RESERVATION))
    expect(gemini.maxConcurrent('generateContent')).toBeGreaterThan(1)
    expect(await spentOf(await localReq(), school.tenant.id, 'feature', 'tutor')).toBeLessThanOrEqual(Math.floor(RESERVATION * 5.5))
    // The ledger and the counters agree.
    const ledger = await ledgerOf(school.tenant.id)
    expect(ledger.reduce((sum, row) => sum + (row.totalTokens ?? 0), 0)).toBe(await spentOf(await localReq(), school.tenant.id, 'school', ''))
  })

  it('should hold a person to their day and answer a spent budget in their language', async () => {
    // Room for one reservation: the first call settles for less, but not so much less that a second fits.
    const school = await schoolWithBudget('person', { personDailyTokens: RESERVATION + 10 })
    const student = school.student
    expect((await call(school, student)).ok).toBe(true)
    const third = await call(school, student, 'ar')
    expect(third.ok).toBe(false)
    if (!third.ok) {
      expect(third.refusal).toMatchObject({ status: 402, reason: 'budget-person' })
      expect(third.refusal.message).toContain('لقد استهلكت حصتك اليومية')
      const tomorrow = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1)).toISOString()
      expect(third.refusal.resetsAt).toBe(tomorrow)
    }
    // Another student of the school has their own day.
    expect((await call(school, school.otherStudent)).ok).toBe(true)
  })

  it('should release the reservation of a call that fails, and keep the key out of the ledger', async () => {
    const school = await schoolWithBudget('release', {})
    gemini.failNext({ status: 500, times: 1, action: 'generateContent' })
    const failed = await call(school, school.student, 'so')
    expect(failed.ok).toBe(false)
    if (!failed.ok) {
      expect(failed.refusal).toMatchObject({ status: 503, reason: 'unavailable' })
    }
    const [row] = await ledgerOf(school.tenant.id)
    expect(row).toMatchObject({ status: 'released', outcome: 'failed', totalTokens: 0, reservedTokens: RESERVATION, model: 'gemini-2.5-flash', feature: 'tutor', person: { id: school.student.id } })
    expect(row!.latencyMs).toBeGreaterThan(0)
    const { spentOf } = await ai()
    expect(await spentOf(await localReq(), school.tenant.id, 'school', '')).toBe(0)
    expect(await spentOf(await localReq(), school.tenant.id, 'person', String(school.student.id))).toBe(0)
    expect(JSON.stringify(row)).not.toContain(gemini.apiKey)
    expect(JSON.stringify(row)).not.toContain('common denominator')
  })

  it('should release a reservation its call never closed, once it is abandoned', async () => {
    const school = await schoolWithBudget('abandoned', {})
    const { reserve } = await ai()
    const req = await localReq()
    const held = await reserve(req, { tenant: school.tenant.id, person: school.student.id, feature: 'summaries', model: 'gemini-2.5-flash' }, { monthlyTokens: 10_000, personDailyTokens: null, featureMonthlyTokens: null }, 700)
    expect(held.ok).toBe(true)
    const { spentOf } = await ai()
    expect(await spentOf(req, school.tenant.id, 'feature', 'summaries')).toBe(700)
    const job = await app.payload.jobs.queue({ task: 'releaseAiReservations', input: {}, queue: 'maintenance' })
    await app.payload.jobs.runByID({ id: job.id })
    // Still young: kept.
    expect((await ledgerOf(school.tenant.id))[0]!.status).toBe('reserved')
    const ledgerId = held.ok ? held.reservation.id : 0
    await app.payload.update({ collection: 'ai-usage', id: ledgerId, data: { createdAt: new Date(Date.now() - 16 * 60_000).toISOString() }, overrideAccess: true })
    const again = await app.payload.jobs.queue({ task: 'releaseAiReservations', input: {}, queue: 'maintenance' })
    await app.payload.jobs.runByID({ id: again.id })
    expect((await ledgerOf(school.tenant.id))[0]).toMatchObject({ status: 'released', outcome: 'failed', errorCode: 'ABANDONED' })
    expect(await spentOf(req, school.tenant.id, 'feature', 'summaries')).toBe(0)
    expect(await spentOf(req, school.tenant.id, 'school', '')).toBe(0)
  })

  it('should limit requests per person per minute with a time to retry', async () => {
    const school = await schoolWithBudget('rate', { personRequestsPerMinute: 2 })
    expect((await call(school, school.student)).ok).toBe(true)
    expect((await call(school, school.student)).ok).toBe(true)
    const third = await call(school, school.student)
    expectRateRefusal(third, 'rate-person')
    // Refused before any reservation: the ledger has the two calls only.
    expect(await ledgerOf(school.tenant.id)).toHaveLength(2)

    // The school's own rate counts everyone's requests together.
    const busy = await schoolWithBudget('rate-school', { schoolRequestsPerMinute: 3 })
    for (const person of [busy.student, busy.otherStudent, busy.instructor]) {
      expect((await call(busy, person)).ok).toBe(true)
    }
    const fourth = await call(busy, busy.admin)
    expectRateRefusal(fourth, 'rate-school')
    expect(await ledgerOf(busy.tenant.id)).toHaveLength(3)
  })

  it('should release the reservation of a call that ran out of time and of one stopped before its answer, each with why', async () => {
    const school = await schoolWithBudget('stopped', {})
    const { meteredCall, spentOf } = await ai()
    const caller = { tenant: school.tenant.id, person: school.student.id, feature: 'tutor' as const }
    const newest = async () => (await ledgerOf(school.tenant.id)).sort((a, b) => b.id - a.id)[0]

    const quick = createGeminiClient({ apiKey: gemini.apiKey, baseUrl: gemini.baseUrl, model: 'gemini-2.5-flash', timeoutMs: 1000, retry: { attempts: 1, initialDelaySeconds: 0.05 } })
    gemini.hangNext({ times: 1, action: 'generateContent' })
    const late = await meteredCall(await localReq(), quick, caller, question)
    expect(late.ok).toBe(false)
    if (!late.ok) {
      expect(late.refusal).toMatchObject({ status: 503, reason: 'unavailable' })
    }
    expect(await newest()).toMatchObject({ status: 'released', outcome: 'timeout', totalTokens: 0, reservedTokens: RESERVATION })

    // Stopped (the student left) once Google has the question and before it answers.
    const stop = new AbortController()
    gemini.slowNext({ delayMs: 4000, times: 1, action: 'generateContent' })
    const asked = gemini.requests().length
    const stopped = meteredCall(await localReq(), client, caller, { ...question, signal: stop.signal })
    const deadline = Date.now() + 10_000
    while (!gemini.requests().slice(asked).some((r) => r.action === 'generateContent')) {
      expect(Date.now()).toBeLessThan(deadline)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    stop.abort()
    await expect(stopped).rejects.toMatchObject({ code: 'CANCELLED' })
    gemini.clearFaults()
    expect(await newest()).toMatchObject({ status: 'released', outcome: 'cancelled', totalTokens: 0, reservedTokens: RESERVATION })
    const ledger = await ledgerOf(school.tenant.id)
    expect(ledger).toHaveLength(2)
    expect(await spentOf(await localReq(), school.tenant.id, 'school', '')).toBe(0)
    expect(await spentOf(await localReq(), school.tenant.id, 'person', String(school.student.id))).toBe(0)
    expect(JSON.stringify(ledger)).not.toContain(gemini.apiKey)
  })

  it('should let school admins set budgets under the platform’s ceiling, which only super-admins set', async () => {
    const school = await createSchool(app.payload, `ceiling-${id}`)
    const admin = await app.api.tokenOf(school.admin)
    const made = await app.api.post('/api/ai-settings?depth=0', { token: admin, body: { tenant: school.tenant.id, monthlyTokens: 5000, monthlyTokenCeiling: 99_999_999 } })
    expect(made.status).toBe(201)
    const doc = ((await made.json()) as { doc: { id: number; monthlyTokenCeiling?: number | null } }).doc
    // The ceiling is not the school's to set.
    expect(doc.monthlyTokenCeiling ?? null).toBeNull()
    // The platform's super-admin sets it, and may set the school's budgets too.
    const root = await app.api.tokenOf(await createSuperAdmin(app.payload, `ceiling-${id}`))
    const capped = await app.api.patch(`/api/ai-settings/${doc.id}?depth=0`, { token: root, body: { monthlyTokenCeiling: 10_000, tutorMonthlyTokens: 4000 } })
    expect(capped.status, await capped.clone().text()).toBe(200)
    expect((await capped.json()) as { doc: unknown }).toMatchObject({ doc: { monthlyTokenCeiling: 10_000, tutorMonthlyTokens: 4000 } })
    const over = await app.api.patch(`/api/ai-settings/${doc.id}`, { token: admin, body: { monthlyTokens: 20_000 } })
    expect(over.status).toBe(400)
    const feature = await app.api.patch(`/api/ai-settings/${doc.id}`, { token: admin, body: { tutorMonthlyTokens: 6000 } })
    expect(feature.status).toBe(400)
    // Students and instructors neither read nor change them.
    expect((await app.api.get(`/api/ai-settings/${doc.id}`, { token: await app.api.tokenOf(school.student) })).status).toBe(403)
    expect((await app.api.patch(`/api/ai-settings/${doc.id}`, { token: await app.api.tokenOf(school.instructor), body: { monthlyTokens: 1 } })).status).toBe(403)
    // A second settings document is refused.
    expect((await app.api.post('/api/ai-settings', { token: admin, body: { tenant: school.tenant.id } })).status).toBe(409)
    // Without a ceiling set by the platform, the default month is the ceiling.
    const bare = await createSchool(app.payload, `ceiling-bare-${id}`)
    const lifted = await app.api.post('/api/ai-settings', { token: await app.api.tokenOf(bare.admin), body: { tenant: bare.tenant.id, monthlyTokens: 3_000_000 } })
    expect(lifted.status).toBe(400)
    const empty = await app.api.post('/api/ai-settings?depth=0', { token: await app.api.tokenOf(bare.admin), body: { tenant: bare.tenant.id, monthlyTokens: null } })
    expect(empty.status).toBe(201)
    const { limitsOf } = await import('@/domain/ai/limits')
    expect((await limitsOf(await localReq(), bare.tenant.id, 'tutor')).monthlyTokens).toBe(2_000_000)
  })
})

describe('the AI usage report', () => {
  it('should give a school’s admins their month by feature, day and person, and nobody else theirs', async () => {
    const school = await schoolWithBudget('report', { monthlyTokens: 100_000, tutorMonthlyTokens: 50_000 })
    expect((await call(school, school.student)).ok).toBe(true)
    expect((await call(school, school.otherStudent)).ok).toBe(true)
    gemini.failNext({ status: 500, times: 1, action: 'generateContent' })
    expect((await call(school, school.student)).ok).toBe(false)
    const ledger = await ledgerOf(school.tenant.id)
    const spent = ledger.reduce((sum, row) => sum + (row.totalTokens ?? 0), 0)

    const response = await app.api.get(`/api/ai-usage/report?tenant=${school.tenant.id}`, { token: await app.api.tokenOf(school.admin) })
    expect(response.status, await response.clone().text()).toBe(200)
    const report = (await response.json()) as { month: string; schools: { school: { id: number }; budget: { limit: number; spent: number; remaining: number }; features: { feature: string; limit: number | null; spent: number }[]; days: { calls: number; tokens: number }[]; people: { person: { id: number }; calls: number; tokens: number }[]; outcomes: Record<string, number> }[] }
    expect(report.month).toBe(new Date().toISOString().slice(0, 7))
    const [mine] = report.schools
    expect(mine!.school.id).toBe(school.tenant.id)
    expect(mine!.budget).toEqual({ limit: 100_000, spent, remaining: 100_000 - spent })
    expect(mine!.features.find((f) => f.feature === 'tutor')).toEqual({ feature: 'tutor', limit: 50_000, spent })
    expect(mine!.days).toEqual([{ day: new Date().toISOString().slice(0, 10), calls: 3, tokens: spent }])
    expect(mine!.people.find((p) => p.person.id === school.student.id)).toMatchObject({ calls: 2 })
    expect(mine!.outcomes).toEqual({ ok: 2, failed: 1 })

    // The platform's super-admins: every school that used AI this month, each with its own
    // figures (not another's, not a school that used none), or the one they ask for.
    const other = await createSchool(app.payload, `report-other-${id}`)
    const root = await app.api.tokenOf(await createSuperAdmin(app.payload, `report-${id}`))
    const all = (await (await app.api.get('/api/ai-usage/report', { token: root })).json()) as typeof report
    expect(all.schools.length).toBeGreaterThan(1)
    expect(all.schools.find((s) => s.school.id === school.tenant.id)).toEqual(mine)
    expect(all.schools.find((s) => s.school.id === other.tenant.id)).toBeUndefined()
    const everyRow = (await app.payload.find({ collection: 'ai-usage', where: { createdAt: { greater_than_equal: `${report.month}-01T00:00:00.000Z` } }, pagination: false, depth: 0, overrideAccess: true })).docs
    const checked = all.schools.filter((entry) => ours.has(entry.school.id))
    expect(checked.length).toBeGreaterThan(1)
    for (const entry of checked) {
      expect([entry.school.id, entry.budget.spent]).toEqual([entry.school.id, everyRow.filter((r) => r.tenant === entry.school.id).reduce((sum, r) => sum + (r.totalTokens ?? 0), 0)])
    }
    const one = (await (await app.api.get(`/api/ai-usage/report?tenant=${school.tenant.id}`, { token: root })).json()) as typeof report
    expect(one.schools).toEqual([mine])

    // Another school's admin, a student and an instructor are refused; a bad month is a 400.
    expect((await app.api.get(`/api/ai-usage/report?tenant=${school.tenant.id}`, { token: await app.api.tokenOf(other.admin) })).status).toBe(403)
    expect((await app.api.get('/api/ai-usage/report', { token: await app.api.tokenOf(school.student) })).status).toBe(403)
    expect((await app.api.get('/api/ai-usage/report', { token: await app.api.tokenOf(school.instructor) })).status).toBe(403)
    expect((await app.api.get('/api/ai-usage/report?month=2026-13', { token: await app.api.tokenOf(school.admin) })).status).toBe(400)
    expect((await app.api.get('/api/ai-usage/report')).status).toBe(401)
    // The ledger itself: the school's admins only.
    expect((await app.api.get('/api/ai-usage', { token: await app.api.tokenOf(school.student) })).status).toBe(403)
    const rows = (await (await app.api.get('/api/ai-usage', { token: await app.api.tokenOf(other.admin) })).json()) as { docs: unknown[] }
    expect(rows.docs).toHaveLength(0)
  })

  it('should rank people who spent the same tokens by person, the same on every read', async () => {
    const school = await schoolWithBudget('report-ties', { monthlyTokens: 100_000, personRequestsPerMinute: 1000, schoolRequestsPerMinute: 1000 })
    // Each call asks the same question, so each costs the same: three people tie, the student spends twice.
    for (const person of [school.otherStudent, school.instructor, school.admin, school.student, school.student]) {
      expect((await call(school, person)).ok).toBe(true)
    }
    const tied = [school.admin, school.instructor, school.otherStudent].map((p) => p.id).sort((a, b) => a - b)
    const token = await app.api.tokenOf(school.admin)
    for (let read = 0; read < 5; read++) {
      const response = await app.api.get(`/api/ai-usage/report?tenant=${school.tenant.id}`, { token })
      expect(response.status).toBe(200)
      const [mine] = ((await response.json()) as { schools: { people: { person: { id: number }; tokens: number }[] }[] }).schools
      const people = mine!.people
      expect(people.map((p) => p.person.id)).toEqual([school.student.id, ...tied])
      expect(people[0]!.tokens).toBe(2 * people[1]!.tokens)
      expect(new Set(people.slice(1).map((p) => p.tokens)).size).toBe(1)
    }
  })
})
