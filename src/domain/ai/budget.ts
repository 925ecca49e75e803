import type { PayloadRequest } from 'payload'

import type { GeminiUsage } from '@/services/gemini'

import { sql } from '@payloadcms/db-postgres'

import { sqlHandle } from '@/services/database/transactions'

import type { AiFeature, AiOutcome } from './features'

/** The budgets a reservation is held against; `null` is no limit of its own. */
export type Budgets = { monthlyTokens: number | null; personDailyTokens: number | null; featureMonthlyTokens: number | null }

export type BudgetScope = 'school' | 'feature' | 'person'

export type Reservation = { id: number; tokens: number }

export type ReserveResult = { ok: true; reservation: Reservation } | { ok: false; scope: BudgetScope; resetsAt: Date }

export type Spender = { tenant: number; person: number | null; feature: AiFeature; course?: number | null; model: string }

const month = (at: Date): string => at.toISOString().slice(0, 7)
const day = (at: Date): string => at.toISOString().slice(0, 10)

/** When a scope's period ends (UTC): the next day for a person, the next month for the school and a feature. */
const periodEnd = (scope: BudgetScope, at: Date): Date =>
  scope === 'person' ? new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1)) : new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1))

/**
 * Reserves `tokens` (the prompt's counted tokens and the most the call may write) against the
 * school's month, the feature's month and the person's day, and opens the call's ledger row.
 * One statement (the database's `ai_reserve`): each counter is raised only while it stays
 * within its limit, holding its row for that statement alone, so concurrent reservations queue
 * on it briefly and none takes the budget past its limit. One counter short and nothing is
 * reserved. Not to be called inside a transaction: it would hold the counters until its end.
 */
export const reserve = async (req: PayloadRequest, spender: Spender, budgets: Budgets, tokens: number, now = new Date()): Promise<ReserveResult> => {
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`
    select ledger_id, refused from ai_reserve(${spender.tenant}::int, ${spender.person}::int, ${spender.course ?? null}::int, ${spender.feature}::text, ${spender.model}::text,
      ${tokens}::bigint, ${month(now)}::text, ${day(now)}::text, ${budgets.monthlyTokens}::bigint, ${budgets.featureMonthlyTokens}::bigint, ${budgets.personDailyTokens}::bigint)`)
  const row = rows[0] as { ledger_id: number | null; refused: BudgetScope | null }
  if (row.ledger_id === null) {
    const scope = row.refused ?? 'school'
    return { ok: false, scope, resetsAt: periodEnd(scope, now) }
  }
  return { ok: true, reservation: { id: row.ledger_id, tokens } }
}

/**
 * Closes a call's ledger row once: settled to the tokens Google reported (thinking included),
 * or released (nothing spent) when it failed, was refused or cancelled. Each counter moves by
 * the difference from the reservation, in the periods the reservation was taken from. A second
 * close of the same row changes nothing.
 */
const close = async (
  req: PayloadRequest,
  reservation: Reservation,
  closing: { status: 'settled' | 'released'; outcome: AiOutcome; usage: GeminiUsage | null; latencyMs: number; errorCode?: string; chargedTokens?: number },
): Promise<void> => {
  const db = await sqlHandle(req)
  const { usage } = closing
  // The database's `ai_close`: the row closes only if still reserved, and its counters move in
  // the order reservations raise them, so a settlement and a reservation never wait on each other.
  await db.execute(sql`
    select ai_close(${reservation.id}::int, ${closing.status}::text, ${closing.outcome}::text, ${closing.errorCode ?? null}::text,
      ${usage?.promptTokens ?? null}::bigint, ${usage?.outputTokens ?? null}::bigint, ${usage?.thinkingTokens ?? null}::bigint,
      ${usage?.totalTokens ?? closing.chargedTokens ?? 0}::bigint, ${Math.round(closing.latencyMs)}::bigint)`)
}

export const settle = (req: PayloadRequest, reservation: Reservation, usage: GeminiUsage, latencyMs: number): Promise<void> =>
  close(req, reservation, { status: 'settled', outcome: 'ok', usage, latencyMs })

/**
 * Settles a call that failed or was cancelled after part of its answer had reached the person:
 * they had it, and Google bills it, so the whole reservation is spent (the most it could have
 * cost; the usage of a stream cut short is never reported).
 */
export const charge = (req: PayloadRequest, reservation: Reservation, outcome: Exclude<AiOutcome, 'ok'>, latencyMs: number, errorCode?: string): Promise<void> =>
  close(req, reservation, { status: 'settled', outcome, usage: null, latencyMs, errorCode, chargedTokens: reservation.tokens })

export const release = (req: PayloadRequest, reservation: Reservation, outcome: Exclude<AiOutcome, 'ok'>, latencyMs: number, errorCode?: string): Promise<void> =>
  close(req, reservation, { status: 'released', outcome, usage: null, latencyMs, errorCode })

/** What a school, a feature or a person has spent (and holds reserved) in the current period. */
export const spentOf = async (req: PayloadRequest, tenant: number, scope: BudgetScope, key: string, now = new Date()): Promise<number> => {
  const db = await sqlHandle(req)
  const period = scope === 'person' ? day(now) : month(now)
  const { rows } = await db.execute(sql`select spent from ai_budget_counters where tenant_id = ${tenant} and scope = ${scope} and key = ${key} and period = ${period}`)
  return Number((rows[0] as { spent?: string | number } | undefined)?.spent ?? 0)
}

/** How long a call may hold its reservation before it counts as abandoned: well past the longest call with its retries. */
export const ABANDONED_AFTER_MS = 15 * 60_000

/**
 * Releases the reservations of calls that never closed them (the process ended mid-call), so a
 * crash never holds a budget for good. Released as failed, `ABANDONED`; the number released.
 */
export const releaseAbandoned = async (req: PayloadRequest, now = new Date()): Promise<number> => {
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`
    select id, reserved_tokens from ai_usage
    where status = 'reserved' and created_at < ${new Date(now.getTime() - ABANDONED_AFTER_MS).toISOString()}
    order by id limit 500`)
  for (const row of rows as { id: number; reserved_tokens: string | number }[]) {
    await release(req, { id: row.id, tokens: Number(row.reserved_tokens) }, 'failed', ABANDONED_AFTER_MS, 'ABANDONED')
  }
  return rows.length
}
