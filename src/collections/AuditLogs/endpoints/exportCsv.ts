import type { Endpoint, Where } from 'payload'

import type { AuditLog } from '@/payload-types'

import { APIError } from 'payload'

import { AUDIT_LOGS } from '@/shared/slugs'
import { csvCell } from '@/services/csv/csvCell'

const COLUMNS = ['time', 'action', 'actor', 'collection', 'documentId', 'changedFields', 'ip', 'userAgent'] as const

const isoDate = (value: string | null, name: string): string | undefined => {
  if (!value) {
    return undefined
  }
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) {
    throw new APIError(`"${name}" must be a date such as 2026-11-25.`, 400)
  }
  return date.toISOString()
}

/**
 * `GET /api/audit-logs/export?actor=&action=&collection=&from=&to=`: the entries the
 * requester may read, as CSV, newest first.
 */
export const exportCsv: Endpoint = {
  path: '/export',
  method: 'get',
  handler: async (req) => {
    if (!req.user) {
      throw new APIError('Log in to export the audit trail.', 401)
    }
    const q = req.searchParams
    const filters: Where[] = []
    const actor = q.get('actor')
    if (actor) {
      filters.push({ actorLabel: { like: actor } })
    }
    for (const key of ['action', 'collection'] as const) {
      const value = q.get(key)
      if (value) {
        filters.push({ [key]: { equals: value } })
      }
    }
    const from = isoDate(q.get('from'), 'from')
    const to = isoDate(q.get('to'), 'to')
    if (from) {
      filters.push({ createdAt: { greater_than_equal: from } })
    }
    if (to) {
      filters.push({ createdAt: { less_than_equal: to } })
    }
    const rows: string[] = [COLUMNS.join(',')]
    for (let page = 1; ; page += 1) {
      const result = await req.payload.find({
        collection: AUDIT_LOGS,
        where: { and: filters },
        sort: '-createdAt',
        limit: 1000,
        page,
        depth: 0,
        overrideAccess: false,
        user: req.user,
        req,
      })
      for (const entry of result.docs as AuditLog[]) {
        rows.push(
          [entry.createdAt, entry.action, entry.actorLabel, entry.collection, entry.documentId, (entry.changedFields ?? []).join(' '), entry.ip, entry.userAgent]
            .map(csvCell)
            .join(','),
        )
      }
      if (!result.hasNextPage) {
        break
      }
    }
    return new Response(`${rows.join('\r\n')}\r\n`, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
        'Cache-Control': 'no-store',
      },
    })
  },
}
