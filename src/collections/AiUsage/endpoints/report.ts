import type { Endpoint } from 'payload'

import { aiUsageReport, parseUsageMonth } from '@/domain/ai/usageReport'
import { parseSchoolId } from '@/domain/payments/revenue'
import { requirePerson } from '@/http/requestHelpers'

/**
 * `GET /api/ai-usage/report?month=YYYY-MM&tenant=<id>`: a month of AI usage per school the
 * requester administers (every school with usage for a super-admin; `tenant` narrows to one):
 * the budget and what is left, each feature, each day, the people who used the most, how calls
 * ended. 401 anonymous, 403 for anyone who administers no school (or not the one asked for), 400
 * for a malformed month or school.
 */
export const usageReport: Endpoint = {
  path: '/report',
  method: 'get',
  handler: async (req) => {
    requirePerson(req, 'see AI usage')
    const month = parseUsageMonth(req.query.month)
    const tenant = parseSchoolId(req.query.tenant)
    return Response.json(await aiUsageReport({ req, month, tenant }), { headers: { 'Cache-Control': 'no-store' } })
  },
}
