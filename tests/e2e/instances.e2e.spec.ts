import { expect, test } from '@playwright/test'

import { readFixtures } from './fixtures'

/**
 * Two web instances on one database and one Redis server (globalSetup starts both; the first
 * runs the jobs worker): a change to a school made through one reaches the other's caches by
 * the Redis announcement. The second keeps tenant lookups for an hour, so expiry cannot be what
 * makes it see the change.
 */
test.describe('two web instances', () => {
  test('a school suspended through one instance is refused by the other at once, and served again once restored', async ({ request, baseURL }) => {
    const { operator, password, rateLimited } = readFixtures()
    const other = rateLimited!.baseUrl
    expect(other).not.toBe(baseURL)
    const login = await request.post('/api/users/login', { data: { email: operator.email, password } })
    const token = ((await login.json()) as { token: string }).token
    const auth = { Authorization: `JWT ${token}` }
    const slug = `instances-${Date.now().toString(36)}`
    const created = await request.post('/api/tenants', {
      headers: auth,
      data: { name: 'Two instances school', slug, defaultLocale: 'en', timezone: 'UTC', registration: 'closed', status: 'active' },
    })
    expect(created.status()).toBe(201)
    const school = ((await created.json()) as { doc: { id: number } }).doc
    const catalogThere = async () => (await request.get(`${other}/api/catalog`, { headers: { 'X-Tenant': slug } })).status()

    // The other instance looks the school up, and keeps what it found.
    expect(await catalogThere()).toBe(200)
    const suspended = await request.patch(`/api/tenants/${school.id}`, { headers: auth, data: { status: 'suspended' } })
    expect(suspended.status()).toBe(200)
    await expect.poll(catalogThere, { timeout: 10_000 }).toBe(403)

    const restored = await request.patch(`/api/tenants/${school.id}`, { headers: auth, data: { status: 'active' } })
    expect(restored.status()).toBe(200)
    await expect.poll(catalogThere, { timeout: 10_000 }).toBe(200)
  })
})
