import { sql } from '@payloadcms/db-postgres'

import type { StoredEvent, Subscriber } from '@/domain/events/subscriber'

import { sqlList } from '@/services/database/adapter'
import { sqlHandle } from '@/services/database/transactions'

/** The bytes a delivery signs and sends: Standard Webhooks' `{ type, timestamp, data }`, plus the event's id, version and school. */
export const deliveryBody = (event: Pick<StoredEvent, 'id' | 'type' | 'version' | 'tenant' | 'occurredAt' | 'payload'>): string =>
  JSON.stringify({ type: event.type, timestamp: event.occurredAt, data: event.payload, event: { id: event.id, version: event.version, school: event.tenant } })

/**
 * Outgoing webhooks as a subscriber: each event becomes one pending delivery per active endpoint
 * of the event's school that asked for its type, due from the moment the event happened. A
 * group of events fans out in one statement. Sending is the delivery loop's (sendDue.ts).
 */
export const webhookSubscriber: Subscriber = {
  name: 'webhooks',
  handles: () => true,
  handleAll: async ({ req, events }) => {
    const ours = events.filter((event) => event.tenant !== null)
    if (ours.length === 0) {
      return
    }
    const db = await sqlHandle(req)
    const column = <T extends string | number | null>(pick: (event: StoredEvent) => T) => sqlList(ours.map(pick))
    await db.execute(sql`
      insert into webhook_deliveries (tenant_id, endpoint_id, event_id, event_type, message_id, body, status, attempts, next_attempt_at, updated_at, created_at)
      select e.tenant_id, e.id, v.event_id, v.event_type, 'msg_' || v.event_id || '_' || e.id, v.body, 'pending', 0, v.occurred_at, now(), now()
      from unnest(${column((event) => event.id)}::int[], ${column((event) => event.type)}::text[], ${column((event) => event.tenant)}::int[],
                  ${column(deliveryBody)}::text[], ${column((event) => event.occurredAt)}::timestamptz[]) as v(event_id, event_type, tenant_id, body, occurred_at)
      join webhook_endpoints e on e.tenant_id = v.tenant_id and e.active
      where exists (select 1 from webhook_endpoints_texts t where t.parent_id = e.id and t.path = 'events' and t.text = v.event_type)
      order by v.event_id, e.id`)
  },
}
