import { sql } from '@payloadcms/db-postgres'

export type InvoiceKind = 'invoice' | 'credit-note'

type SQL = ReturnType<typeof sql>

/**
 * Bumps a school's invoice (or credit note) counter by `count` and returns the last number it
 * gives out, gapless: the counter row stays locked by the caller's transaction until it
 * commits. A second finaliser waits for the first; a rolled-back one gives its numbers back.
 * So numbers are consecutive, never repeated, whichever provider paid. A statement to run
 * inside the issuing transaction.
 */
export const sequenceStatement = (tenant: number, kind: InvoiceKind, count = 1): SQL => sql`
  insert into invoice_counters (tenant_id, kind, last_number) values (${tenant}, ${kind}, ${count}::int)
  on conflict (tenant_id, kind) do update set last_number = invoice_counters.last_number + ${count}::int
  returning last_number`

/**
 * `ACME-2026-000042`; credit notes `ACME-CN-2026-000003`: the year is the issue's (UTC), the
 * sequence never restarts and is padded to six digits (never cut). In SQL, for the statement
 * that takes the number, so the year is the one of the moment the number is taken.
 */
export const numberSql = ({ prefix, kind, sequence, at }: { prefix: string; kind: InvoiceKind; sequence: SQL; at: SQL }): SQL =>
  sql`${`${prefix}${kind === 'credit-note' ? '-CN' : ''}-`} || to_char((${at}) at time zone 'UTC', 'YYYY') || '-' || lpad((${sequence})::text, greatest(6, length((${sequence})::text)), '0')`

/** An instant as the ISO text JavaScript writes (`2026-12-03T22:31:05.123Z`), in SQL. */
export const isoSql = (at: SQL): SQL => sql`to_char((${at}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
