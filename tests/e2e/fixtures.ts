import fs from 'node:fs'
import path from 'node:path'

/** The config as the fuzz test attacks it (tests/fuzz/manifest.ts), with documents it may update. */
export const MANIFEST_FILE = path.resolve('.data/test/e2e-manifest.json')

/** Where the e2e server (the production build) writes its log. */
export const SERVER_LOG = path.resolve('.data/test/e2e-server.log')

/** The metrics token of the e2e server, and the port its jobs worker serves its own metrics on. */
export const METRICS = { token: 'e2e-metrics-token', workerPort: 3109 }

/**
 * The platform's Stripe account on the e2e server: its API is the Stripe stand-in globalSetup
 * starts before the server, whose signed webhooks go to the server's own route.
 */
export const STRIPE = { secretKey: 'sk_test_aqoon_e2e', webhookSecret: 'whsec_aqoon_e2e' }

/**
 * The Gemini stand-in of the run (globalSetup starts it): it answers a tutor question written in
 * Arabic with this Arabic answer, citing the first passage ([1]), after a short delay.
 */
export const TUTOR_STAND_IN = {
  arabicAnswer: 'سؤال جيد! راجع الدرس [1] ثم حاول أن تشرح الفكرة بكلماتك: ما الخطوة الأولى برأيك؟',
  delayMs: 1_500,
}

/** Where seedFixtures.ts writes what it created, for the specs to read. */
export const FIXTURES_FILE = path.resolve('.data/test/e2e-fixtures.json')

export type FixturePerson = { id: number; email: string; name: string }

export type FixtureSchool = {
  tenant: { id: number; slug: string; name: string }
  admin: FixturePerson
  instructor: FixturePerson
  student: FixturePerson
  otherStudent: FixturePerson
}

/** The Google stand-in of the run (written by globalSetup once it is listening). */
export type GoogleFixtures = {
  issuer: string
  /** A Google account with the verified address of south's student, linked to nobody at first. */
  student: { sub: string; email: string }
}

/** The second server of the run, behind one trusted proxy hop, whose auth limit is within reach. */
export type RateLimitFixtures = {
  baseUrl: string
  /** Attempts per address and action within one window (RATE_LIMIT_AUTH_MAX). */
  max: number
  windowSeconds: number
  trustProxyHops: number
}

/** A course for sale in north, and a student of north who buys it (and nothing else, so no other spec sees the purchase). */
export type PaymentFixtures = {
  course: { id: number; slug: string; title: string; lessons: string[] }
  /** USD 49.00, in cents. */
  price: { amount: number; currency: string }
  buyer: FixturePerson
}

/** The Zoom account of the run (the stand-in's), for a school to connect; its one host. */
export type ZoomFixtures = { accountId: string; clientId: string; clientSecret: string; webhookSecret: string; hostEmail: string }

export type Fixtures = {
  password: string
  /** The platform super-admin, created before anyone else. */
  operator: FixturePerson
  north: FixtureSchool
  south: FixtureSchool
  payments: PaymentFixtures
  google?: GoogleFixtures
  rateLimited?: RateLimitFixtures
  zoom?: ZoomFixtures
}

/** The two schools of the e2e run, each with one person per role. */
export const SCHOOL_SLUGS = { north: 'e2e-north', south: 'e2e-south', fuzz: 'e2e-fuzz' } as const

export const readFixtures = (): Fixtures => {
  if (!fs.existsSync(FIXTURES_FILE)) {
    throw new Error(`${FIXTURES_FILE} is missing: run the suite with \`npx playwright test\` so globalSetup seeds it.`)
  }
  return JSON.parse(fs.readFileSync(FIXTURES_FILE, 'utf8')) as Fixtures
}

/** Adds the Google stand-in's details to the seeded fixtures. */
export const writeGoogleFixtures = (google: GoogleFixtures): void => {
  fs.writeFileSync(FIXTURES_FILE, `${JSON.stringify({ ...readFixtures(), google }, null, 2)}\n`)
}

/** Adds the Zoom stand-in's account to the seeded fixtures. */
export const writeZoomFixtures = (zoom: ZoomFixtures): void => {
  fs.writeFileSync(FIXTURES_FILE, `${JSON.stringify({ ...readFixtures(), zoom }, null, 2)}\n`)
}

/** Adds the rate-limited server's address and settings to the seeded fixtures. */
export const writeRateLimitFixtures = (rateLimited: RateLimitFixtures): void => {
  fs.writeFileSync(FIXTURES_FILE, `${JSON.stringify({ ...readFixtures(), rateLimited }, null, 2)}\n`)
}

/** Everyone of a school, in a fixed order. */
export const peopleOf = (school: FixtureSchool): FixturePerson[] => [
  school.admin,
  school.instructor,
  school.student,
  school.otherStudent,
]
