import crypto from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { memoryRateLimiter, redisRateLimiter } from '@/services/rateLimit'

import { freshIp } from '../helpers/api'
import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, type School, uniq } from '../helpers/personas'
import { TEST_ENV } from '../helpers/testEnv'

let app: TestApp
let school: School
let redis: Redis
const LIMIT = Number(TEST_ENV.RATE_LIMIT_AUTH_MAX)

beforeAll(async () => {
  app = await bootApp()
  school = await createSchool(app.payload, `rl-${uniq()}`, { registration: 'open' })
  redis = new Redis(TEST_ENV.REDIS_URL)
})

afterAll(async () => {
  redis.disconnect()
  await app.close()
})

describe('rate limiter', () => {
  it('should allow max hits per window in memory, then refuse until the window ends', async () => {
    let now = 1_000_000
    const limiter = memoryRateLimiter(() => now)
    for (let i = 0; i < 3; i += 1) {
      expect((await limiter.hit('k', 3, 60)).allowed).toBe(true)
    }
    const refused = await limiter.hit('k', 3, 60)
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 60 })
    now += 30_000
    expect((await limiter.hit('k', 3, 60)).retryAfterSeconds).toBe(30)
    now += 30_001
    expect((await limiter.hit('k', 3, 60)).allowed).toBe(true)
  })

  it('should share counts through Redis, atomically under concurrency', async () => {
    const prefix = `aqoon:test:${crypto.randomBytes(4).toString('hex')}:`
    const a = redisRateLimiter(redis, prefix)
    const b = redisRateLimiter(redis, prefix)
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).hit('ip', 5, 60)))
    expect(results.filter((r) => r.allowed)).toHaveLength(5)
    const refused = results.find((r) => !r.allowed)
    expect(refused?.retryAfterSeconds).toBeGreaterThan(0)
    expect(refused?.retryAfterSeconds).toBeLessThanOrEqual(60)
    expect(await redis.pttl(`${prefix}ip`)).toBeGreaterThan(0)
  })
})

const expect429 = (response: Response) => {
  expect(response.status).toBe(429)
  const retryAfter = Number(response.headers.get('retry-after'))
  expect(retryAfter).toBeGreaterThan(0)
  expect(retryAfter).toBeLessThanOrEqual(Number(TEST_ENV.RATE_LIMIT_AUTH_WINDOW_SECONDS))
}

describe('auth endpoints', () => {
  it('should answer login attempts over the per-IP limit with 429 and Retry-After', async () => {
    const ip = freshIp()
    for (let i = 0; i < LIMIT; i += 1) {
      const attempt = await app.api.post('/api/users/login', { ip, body: { email: `ghost${i}@nowhere.example`, password: 'x' } })
      expect(attempt.status).toBe(401)
    }
    const blocked = await app.api.post('/api/users/login', { ip, body: { email: school.student.email, password: school.student.password } })
    expect429(blocked)
    const body = (await blocked.json()) as { errors: { message: string }[] }
    expect(body.errors[0]?.message).toMatch(/Too many attempts/)
    // Another address is not affected.
    expect((await app.api.post('/api/users/login', { body: { email: school.student.email, password: school.student.password } })).status).toBe(200)
  })

  it('should limit GraphQL logins from the same IP too', async () => {
    const ip = freshIp()
    const mutation = 'mutation($e: String!) { loginUser(email: $e, password: "wrong") { token } }'
    for (let i = 0; i < LIMIT; i += 1) {
      await app.api.graphql(mutation, { e: `ghost${i}@nowhere.example` }, { ip })
    }
    const blocked = await app.api.graphql(mutation, { e: 'ghost@nowhere.example' }, { ip })
    expect(blocked.errors?.[0]?.message).toMatch(/Too many attempts/)
  })

  it('should limit forgot-password requests', async () => {
    const ip = freshIp()
    for (let i = 0; i < LIMIT; i += 1) {
      expect((await app.api.post('/api/users/forgot-password', { ip, body: { email: `ghost${i}@nowhere.example` } })).status).toBe(200)
    }
    expect429(await app.api.post('/api/users/forgot-password', { ip, body: { email: 'ghost@nowhere.example' } }))
  })

  it('should limit registrations', async () => {
    const ip = freshIp()
    for (let i = 0; i < LIMIT; i += 1) {
      const response = await app.api.post('/api/users/register', { ip, tenant: school.tenant.slug, body: { name: 'Bot', email: 'bad', password: 'x' } })
      expect(response.status).toBe(400)
    }
    expect429(await app.api.post('/api/users/register', { ip, tenant: school.tenant.slug, body: { name: 'Bot', email: 'bad', password: 'x' } }))
  })
})
