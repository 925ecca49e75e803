import type { BenchRequest } from '../shared/load'

/**
 * Asks every request once before loading: each must answer 200 with documents, or
 * the comparison would be between an answer and an error. Returns the average
 * number of matches (totalDocs).
 */
export const check = async (baseUrl: string, requests: BenchRequest[]): Promise<number> => {
  let matches = 0
  for (const { path, tenant = '' } of requests) {
    const response = await fetch(`${baseUrl}${path}`, { headers: { 'x-tenant': tenant } })
    const body = (await response.json()) as { docs?: unknown[]; totalDocs?: number }
    if (response.status !== 200 || !Array.isArray(body.docs)) {
      throw new Error(`${tenant} ${path} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`)
    }
    if (body.docs.length === 0) {
      throw new Error(`${tenant} ${path} found nothing; the seeded words and the searches disagree.`)
    }
    matches += body.totalDocs ?? 0
  }
  return Math.round(matches / requests.length)
}
