import type { Endpoint } from 'payload'

import { parseMonthRange, parseSchoolId, revenueReport } from '@/domain/payments/revenue'
import { requirePerson } from '@/http/requestHelpers'

/**
 * `GET /api/orders/revenue?from=YYYY-MM&to=YYYY-MM&tenant=<id>`: gross, refunded and net money
 * per course, month and currency of the schools the requester administers (every school for a
 * super-admin; `tenant` narrows to one). 401 anonymous, 403 for anyone who administers no school
 * (or not the one asked for), 400 for a malformed month or school.
 */
export const revenue: Endpoint = {
  path: '/revenue',
  method: 'get',
  handler: async (req) => {
    requirePerson(req, 'see revenue')
    const range = parseMonthRange({ from: req.query.from, to: req.query.to })
    const tenant = parseSchoolId(req.query.tenant)
    return Response.json(await revenueReport({ req, range, tenant }), { headers: { 'Cache-Control': 'no-store' } })
  },
}
