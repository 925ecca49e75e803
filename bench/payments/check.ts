import type pg from 'pg'

export type Check = { name: string; expected: string; actual: string; ok: boolean }

const one = async (db: pg.Client, text: string, values: unknown[]): Promise<Record<string, unknown>> => (await db.query(text, values)).rows[0] as Record<string, unknown>

/**
 * What the run must have left, read from the database: every order paid once, with one charge,
 * one invoice, an active enrollment, its event recorded once and applied in one attempt, and the
 * school's invoice numbers 1..N without a gap or a repeat. `orders` and `events` are the
 * measured school's, which nothing else wrote to.
 */
export const checkOutcome = async (db: pg.Client, { tenant, orders, events }: { tenant: number; orders: number[]; events: string[] }): Promise<Check[]> => {
  const n = orders.length
  const checks: Check[] = []
  const expect = (name: string, expected: unknown, actual: unknown) =>
    checks.push({ name, expected: String(expected), actual: String(actual), ok: String(expected) === String(actual) })

  const paid = await one(db, `select count(*)::int as paid, count(*) filter (where invoice_id is not null and enrollment_id is not null and attention is null)::int as complete from orders where id = any($1) and status = 'succeeded'`, [orders])
  expect('orders succeeded', n, paid.paid)
  expect('orders with their invoice and enrollment, no attention flag', n, paid.complete)

  const charges = await one(db, `select count(distinct order_id)::int as orders, count(*)::int as charges, count(*) filter (where kind <> 'charge')::int as other from payments where order_id = any($1)`, [orders])
  expect('orders with a charge', n, charges.orders)
  expect('charges (exactly one per order)', n, charges.charges)
  expect('refunds or other payments', 0, charges.other)

  const invoices = await one(db, `select count(distinct order_id)::int as orders, count(*)::int as invoices from invoices where order_id = any($1)`, [orders])
  expect('orders with an invoice', n, invoices.orders)
  expect('invoices (exactly one per order)', n, invoices.invoices)

  // Gapless: the school's invoice sequence is exactly 1..N, each once, and its counter stops at N.
  const numbers = await one(
    db,
    `select count(*)::int as count, count(distinct sequence)::int as distinct_numbers, min(sequence)::int as first, max(sequence)::int as last,
            count(distinct number)::int as distinct_labels,
            (select count(*)::int from generate_series(1, $2::int) s where not exists (select 1 from invoices i where i.tenant_id = $1 and i.kind = 'invoice' and i.sequence = s)) as gaps
       from invoices where tenant_id = $1 and kind = 'invoice'`,
    [tenant, n],
  )
  expect("the school's invoice numbers: count", n, numbers.count)
  expect("the school's invoice numbers: first..last", `1..${n}`, `${numbers.first}..${numbers.last}`)
  expect("the school's invoice numbers: distinct sequences and labels", `${n} ${n}`, `${numbers.distinct_numbers} ${numbers.distinct_labels}`)
  expect("the school's invoice numbers: gaps in 1..N", 0, numbers.gaps)
  const counter = await one(db, `select coalesce(max(last_number), 0)::int as last from invoice_counters where tenant_id = $1 and kind = 'invoice'`, [tenant])
  expect("the school's invoice counter", n, counter.last)

  const enrolled = await one(
    db,
    `select count(*)::int as active from orders o join enrollments e on e.id = o.enrollment_id
      where o.id = any($1) and e.user_id = o.buyer_id and e.course_id = o.course_id and e.status = 'active' and e.source = 'payment'`,
    [orders],
  )
  expect('active enrollments from payment, one per order', n, enrolled.active)
  const doubled = await one(
    db,
    `select count(*)::int as extra from (select e.user_id, e.course_id from enrollments e join orders o on o.buyer_id = e.user_id and o.course_id = e.course_id where o.id = any($1) group by 1, 2 having count(*) > 1) d`,
    [orders],
  )
  expect('buyers enrolled twice', 0, doubled.extra)

  const recorded = await one(
    db,
    `select count(*)::int as rows, count(*) filter (where status = 'applied')::int as applied, coalesce(sum(attempts), 0)::int as attempts
       from provider_events where provider = 'stripe' and event_id = any($1)`,
    [events],
  )
  expect('provider_events rows (one per event)', n, recorded.rows)
  expect('provider_events applied', n, recorded.applied)
  expect('apply attempts (one per event)', n, recorded.attempts)

  const outbox = await one(
    db,
    `select count(*) filter (where type = 'payment.succeeded')::int as paid, count(*) filter (where type = 'invoice.issued')::int as issued
       from domain_events where tenant_id = $1 and type in ('payment.succeeded', 'invoice.issued')`,
    [tenant],
  )
  expect('domain events payment.succeeded / invoice.issued', `${n} / ${n}`, `${outbox.paid} / ${outbox.issued}`)
  const jobs = await one(db, `select count(*)::int as queued from payload_jobs where task_slug = 'deliverInvoice' and (input->>'invoice')::int in (select id from invoices where tenant_id = $1)`, [tenant])
  expect('deliverInvoice jobs queued (PDF and email, run by the worker)', n, jobs.queued)
  return checks
}
