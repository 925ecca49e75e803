import { expect, test } from '@playwright/test'

import { METRICS, readFixtures } from './fixtures'

type Sample = { name: string; labels: string; value: number }

const parse = (text: string): Sample[] =>
  text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([\w:]+)(\{.*\})? (\S+)$/.exec(line)
      expect(match, line).not.toBeNull()
      return { name: match![1]!, labels: match![2] ?? '', value: Number(match![3]) }
    })

const find = (samples: Sample[], name: string, ...labels: string[]) => samples.filter((s) => s.name === name && labels.every((l) => s.labels.includes(l)))

/**
 * The production build: our HTTP server counts requests while Payload, bundled by Next, owns the
 * database pool and the config; both must land in the one registry the scrape reads.
 */
test.describe('Prometheus metrics of the running app', () => {
  test('the web server answers a scrape with the token, with route templates and figures from inside the app', async ({ request }) => {
    expect((await request.get('/metrics')).status()).toBe(401)
    const { north } = readFixtures()
    expect((await request.get('/api/catalog?limit=1', { headers: { 'X-Tenant': north.tenant.slug } })).status()).toBe(200)
    const scrape = await request.get('/metrics', { headers: { Authorization: `Bearer ${METRICS.token}` } })
    expect(scrape.status()).toBe(200)
    const samples = parse(await scrape.text())
    const catalog = find(samples, 'aqoon_http_request_duration_seconds_count', 'method="GET"', 'route="/api/catalog"', 'status="200"')
    expect(catalog).toHaveLength(1)
    expect(catalog[0]!.value).toBeGreaterThanOrEqual(1)
    expect(find(samples, 'aqoon_db_pool_connections', 'state="total"')[0]?.value).toBeGreaterThan(0)
    // The seed's events went through the dispatcher, whose subscribers now each have a lag series.
    expect(find(samples, 'aqoon_outbox_lag_seconds').map((s) => s.labels)).toEqual(expect.arrayContaining([expect.stringContaining('webhooks')]))
  })

  test("the jobs worker serves its own on a port of its own", async ({ request }) => {
    const scrape = await request.get(`http://127.0.0.1:${METRICS.workerPort}/metrics`, { headers: { Authorization: `Bearer ${METRICS.token}` } })
    expect(scrape.status()).toBe(200)
    const samples = parse(await scrape.text())
    expect(find(samples, 'process_resident_memory_bytes')[0]?.value).toBeGreaterThan(0)
    expect(find(samples, 'aqoon_db_pool_connections', 'state="total"')[0]?.value).toBeGreaterThan(0)
  })
})
