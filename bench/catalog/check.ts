import type { BenchRequest } from '../shared/load'

/**
 * Asks each request once before loading: each must answer 200 with a list of documents, or
 * the comparison would be between an answer and an error. Returns the average number of
 * matches (totalDocs) and how many found nothing (a search typed halfway, a filter too narrow).
 */
export const check = async (baseUrl: string, requests: BenchRequest[]): Promise<{ averageMatches: number; empty: number }> => {
  let matches = 0
  let empty = 0
  for (const { path, tenant = '' } of requests) {
    const response = await fetch(`${baseUrl}${path}`, { headers: { 'x-tenant': tenant } })
    const body = (await response.json()) as { docs?: unknown[]; totalDocs?: number }
    if (response.status !== 200 || !Array.isArray(body.docs)) {
      throw new Error(`${tenant} ${path} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`)
    }
    empty += body.docs.length === 0 ? 1 : 0
    matches += body.totalDocs ?? 0
  }
  if (empty === requests.length) {
    throw new Error('Every search found nothing; the seeded words and the searches disagree.')
  }
  return { averageMatches: Math.round(matches / requests.length), empty }
}
