import type { PayloadRequest } from 'payload'

import { type GeminiClient, GeminiError, type GeminiRequest, type GeminiResult } from '@/services/gemini'

import type { PhaseTimer } from '@/shared/phaseTimer'

import type { AiFeature, AiOutcome } from './features'

import { charge, release, type Reservation, reserve, settle } from './budget'
import { type AiLimits, hitRequestLimits, limitsOf } from './limits'
import { type RefusalReason, refusalMessage } from './refusals'

export type Caller = { tenant: number; person: number | null; feature: AiFeature; course?: number | null; locale?: string | null }

/** Why a call was not made or did not finish, with what to answer: 402 for a spent budget, 429 (and when to retry) for a rate, 503 when Gemini failed. */
export type Refusal = { reason: RefusalReason; status: 402 | 403 | 429 | 503; message: string; retryAfterSeconds?: number; resetsAt?: string }

export type Metered = { ok: true; result: GeminiResult; ledger: number } | { ok: false; refusal: Refusal; ledger?: number }

const OUTCOME: Record<GeminiError['code'], Exclude<AiOutcome, 'ok'>> = {
  RATE_LIMITED: 'rate-limited',
  UNAVAILABLE: 'failed',
  TIMEOUT: 'timeout',
  CANCELLED: 'cancelled',
  REFUSED: 'refused',
  BAD_REQUEST: 'failed',
  FAILED: 'failed',
}

const refusal = (reason: RefusalReason, status: Refusal['status'], caller: Caller, wait: { seconds?: number; until?: Date } = {}): Refusal => ({
  reason,
  status,
  message: refusalMessage(reason, caller.locale, wait),
  ...(wait.seconds !== undefined ? { retryAfterSeconds: wait.seconds } : {}),
  ...(wait.until ? { resetsAt: wait.until.toISOString() } : {}),
})

export type Admitted = { reservation: Reservation; caller: Caller }

/**
 * Lets a call in under the school's limits: the request rates first, then a reservation of the
 * prompt's counted tokens plus the most the call may write (thinking included) against every
 * budget it spends from. A refusal says what to answer; an admitted call must be run (or its
 * reservation released) by `runAdmitted`.
 */
export const checkRequest = async (req: PayloadRequest, caller: Caller, timer?: PhaseTimer): Promise<{ ok: true; limits: AiLimits } | { ok: false; refusal: Refusal }> => {
  const limits = await limitsOf(req, caller.tenant, caller.feature)
  if (!limits.enabled) {
    return { ok: false, refusal: refusal('disabled', 403, caller) }
  }
  const rate = await hitRequestLimits(limits, caller.tenant, caller.person)
  timer?.lap('limits')
  if (!rate.allowed) {
    return { ok: false, refusal: refusal(rate.scope === 'person' ? 'rate-person' : 'rate-school', 429, caller, { seconds: rate.retryAfterSeconds }) }
  }
  return { ok: true, limits }
}

/** Reserves what a checked request may cost: its prompt's counted tokens plus the most it may write, against every budget it spends from. */
export const reserveCall = async (req: PayloadRequest, client: GeminiClient, caller: Caller, request: GeminiRequest, limits: AiLimits, timer?: PhaseTimer): Promise<{ ok: true; admitted: Admitted } | { ok: false; refusal: Refusal }> => {
  let promptTokens: number
  try {
    promptTokens = await client.countTokens(request)
  } catch {
    return { ok: false, refusal: refusal('unavailable', 503, caller) }
  }
  timer?.lap('count-tokens')
  const reserved = await reserve(req, { tenant: caller.tenant, person: caller.person, feature: caller.feature, course: caller.course ?? null, model: client.model }, limits, promptTokens + request.maxOutputTokens)
  timer?.lap('reserve')
  if (!reserved.ok) {
    return { ok: false, refusal: refusal(`budget-${reserved.scope}`, 402, caller, { until: reserved.resetsAt }) }
  }
  return { ok: true, admitted: { reservation: reserved.reservation, caller } }
}

/**
 * Lets a call in under the school's limits: the feature on, the request rates (`checkRequest`),
 * then the reservation (`reserveCall`). A refusal says what to answer; an admitted call must be
 * run (or its reservation released) by `runAdmitted`.
 */
export const admitCall = async (req: PayloadRequest, client: GeminiClient, caller: Caller, request: GeminiRequest, timer?: PhaseTimer): Promise<{ ok: true; admitted: Admitted } | { ok: false; refusal: Refusal }> => {
  const checked = await checkRequest(req, caller, timer)
  return checked.ok ? reserveCall(req, client, caller, request, checked.limits, timer) : checked
}

/**
 * Makes an admitted call, whole or streamed (`onText` gets the answer as it comes), and settles
 * its reservation to the tokens Google reports (for a stream, the last chunk's). A call that
 * fails, is refused or cancelled releases it, unless part of a stream had already reached the
 * person: then the reservation is spent (`charge`). A cancelled call's error is thrown on.
 */
export const runAdmitted = async (req: PayloadRequest, client: GeminiClient, { reservation, caller }: Admitted, request: GeminiRequest, onText?: (text: string) => void, timer?: PhaseTimer): Promise<Metered> => {
  const started = performance.now()
  let delivered = false
  const deliver = onText
    ? (text: string) => {
        delivered = true
        onText(text)
      }
    : undefined
  try {
    const result = deliver ? await client.stream(request, deliver) : await client.generate(request)
    timer?.lap('gemini')
    await settle(req, reservation, result.usage, performance.now() - started)
    timer?.lap('settle')
    return { ok: true, result, ledger: reservation.id }
  } catch (error) {
    const code = error instanceof GeminiError ? error.code : 'FAILED'
    // Part of the answer reached the person: it is spent. Otherwise nothing was, and it is released.
    await (delivered ? charge : release)(req, reservation, OUTCOME[code], performance.now() - started, code)
    if (error instanceof GeminiError && error.code === 'CANCELLED') {
      throw error
    }
    return { ok: false, refusal: refusal('unavailable', 503, caller), ledger: reservation.id }
  }
}

/** One Gemini call under the school's limits: `admitCall`, then `runAdmitted`. */
export const meteredCall = async (req: PayloadRequest, client: GeminiClient, caller: Caller, request: GeminiRequest, onText?: (text: string) => void): Promise<Metered> => {
  const admission = await admitCall(req, client, caller, request)
  return admission.ok ? runAdmitted(req, client, admission.admitted, request, onText) : { ok: false, refusal: admission.refusal }
}
