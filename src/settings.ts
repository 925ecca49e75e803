import { readFileSync } from 'node:fs'
import path from 'node:path'

/**
 * Every environment variable Aqoon reads, with its default, in one place.
 * The README's configuration table mirrors this list.
 */
const env = process.env

const int = (value: string | undefined, fallback: number): number => {
  const parsed = Number.parseInt(value ?? '', 10)
  return Number.isFinite(parsed) ? parsed : fallback
}

export const isProduction = env.NODE_ENV === 'production'

export const settings = {
  port: int(env.PORT, 3000),
  /** Where embedded PostgreSQL, uploads and the generated dev secret live. */
  dataDir: path.resolve(/*turbopackIgnore: true*/ env.AQOON_DATA_DIR ?? '.data'),
  /** Unset: an embedded PostgreSQL is started under dataDir. */
  databaseUri: env.DATABASE_URI,
  embeddedPostgresPort: int(env.EMBEDDED_PG_PORT, 54329),
  get serverUrl(): string {
    return env.SERVER_URL ?? `http://localhost:${this.port}`
  },
  /** Tenants are served at <slug>.<baseDomain>. */
  baseDomain: (env.BASE_DOMAIN ?? 'localhost').toLowerCase(),
  /** Read when the mail transport is made, so a process that sets it after loading this module is heard. */
  get smtp() {
    return {
      host: env.SMTP_HOST,
      port: int(env.SMTP_PORT, 587),
      secure: env.SMTP_SECURE === 'true',
      user: env.SMTP_USER,
      pass: env.SMTP_PASS,
      /**
       * How long a connected SMTP server may stay silent before the send fails (connecting and its
       * greeting: at most 30 s, or this if shorter). 10 minutes by default, RFC 5321's wait for the
       * answer to a message: a shorter limit frees a worker sooner from a stalled server, at the
       * risk of sending again a message that a slow server did take.
       */
      timeoutMs: Math.max(1, int(env.SMTP_TIMEOUT_MS, 600_000)),
    }
  },
  mailFromAddress: env.MAIL_FROM_ADDRESS ?? 'no-reply@aqoon.test',
  mailFromName: env.MAIL_FROM_NAME ?? 'Aqoon',
  /**
   * Notification mail's envelope sender is `bounces+<mail id>@<this domain>` (VERP), so a bounce
   * names the mail it is about. Default: MAIL_FROM_ADDRESS's domain.
   */
  get bounceDomain(): string {
    return (env.MAIL_BOUNCE_DOMAIN || (env.MAIL_FROM_ADDRESS ?? 'no-reply@aqoon.test').split('@')[1] || 'aqoon.test').toLowerCase()
  },
  /**
   * The bearer secret the MTA sends with the delivery reports it hands to
   * `POST /api/notification-emails/bounces`. Unset: that endpoint is off (bounces at RCPT still count).
   */
  get mailBounceSecret(): string | undefined {
    return env.MAIL_BOUNCE_SECRET || undefined
  },
  /** DKIM signing of every mail, when a domain, a selector and a private key (PEM, or its path) are all set. */
  get dkim(): { domainName: string; keySelector: string; privateKey: string } | undefined {
    const privateKey = env.DKIM_PRIVATE_KEY?.includes('-----BEGIN') ? env.DKIM_PRIVATE_KEY : env.DKIM_PRIVATE_KEY ? readFileSync(env.DKIM_PRIVATE_KEY, 'utf8') : undefined
    return env.DKIM_DOMAIN && env.DKIM_SELECTOR && privateKey ? { domainName: env.DKIM_DOMAIN, keySelector: env.DKIM_SELECTOR, privateKey } : undefined
  },
  redisUrl: env.REDIS_URL,
  rateLimit: {
    /** Attempts per IP per window on login, registration and forgot-password. */
    authMax: int(env.RATE_LIMIT_AUTH_MAX, 10),
    authWindowSeconds: int(env.RATE_LIMIT_AUTH_WINDOW_SECONDS, 60),
    /** Windows kept in memory when there is no Redis; past that the least recently used is forgotten. */
    memoryEntries: Math.max(1, int(env.RATE_LIMIT_MEMORY_ENTRIES, 100_000)),
    /** Where the windows live in Redis: deployments sharing one Redis keep their counts apart with their own. */
    redisPrefix: env.RATE_LIMIT_REDIS_PREFIX || 'aqoon:rl:',
  },
  /** Largest request bodies, refused with 413 before they are read (see src/http/bodyLimits.ts). */
  bodyLimits: {
    /** REST writes, logins and every other API call not named below. */
    jsonBytes: Math.max(1, int(env.BODY_LIMIT_JSON_KB, 1024)) * 1024,
    graphqlBytes: Math.max(1, int(env.BODY_LIMIT_GRAPHQL_KB, 256)) * 1024,
  },
  graphql: {
    maxDepth: int(env.GRAPHQL_MAX_DEPTH, 8),
    maxComplexity: int(env.GRAPHQL_MAX_COMPLEXITY, 500),
    maxAliases: int(env.GRAPHQL_MAX_ALIASES, 15),
    maxDirectives: int(env.GRAPHQL_MAX_DIRECTIVES, 20),
    /** Counted while parsing, so an enormous document is dropped before it is built. */
    maxTokens: int(env.GRAPHQL_MAX_TOKENS, 2000),
  },
  /** Tenant lookups (by slug or domain) kept for a few seconds; known and unknown names each get this many. */
  tenantCacheEntries: Math.max(1, int(env.TENANT_CACHE_ENTRIES, 10_000)),
  /**
   * How long tenant lookups and the list of suspended tenants are kept. A change made through
   * any process clears them everywhere at once over Redis; the time bounds what a process misses
   * while it cannot hear Redis (and every process when there is no Redis).
   */
  tenantCacheSeconds: Math.max(1, int(env.TENANT_CACHE_SECONDS, 5)),
  /** Extra origins (comma-separated) whose pages may call the API with cookies, such as a separate front end. */
  corsOrigins: (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean),
  google: {
    /** Sign-in with Google is offered when a client ID is set. */
    clientId: env.GOOGLE_CLIENT_ID,
    clientSecret: env.GOOGLE_CLIENT_SECRET ?? '',
    issuer: env.GOOGLE_ISSUER ?? 'https://accounts.google.com',
  },
  /** On SIGTERM, how long requests in flight (and the jobs worker's job in hand) get to finish before they are cut. */
  shutdownGraceSeconds: Math.max(0, int(env.SHUTDOWN_GRACE_SECONDS, 25)),
  /**
   * Admission control per web process (src/http/admission.ts): requests running at once, how
   * many more may wait their turn and for how long; the rest are answered 503 with Retry-After.
   * HTTP_MAX_IN_FLIGHT=0 turns it off.
   */
  admission: {
    maxInFlight: Math.max(0, int(env.HTTP_MAX_IN_FLIGHT, 32)),
    maxQueued: Math.max(0, int(env.HTTP_MAX_QUEUED, 128)),
    queueTimeoutMs: Math.max(0, int(env.HTTP_QUEUE_TIMEOUT_MS, 10_000)),
  },
  /** Seconds a client is told to wait (`Retry-After`) when the server is too busy or cannot reach its database. */
  busyRetryAfterSeconds: Math.max(1, int(env.BUSY_RETRY_AFTER_SECONDS, 5)),
  /** Database connections per process (node-postgres pool). */
  databasePoolMax: Math.max(1, int(env.DATABASE_POOL_MAX, 10)),
  /** How many reverse proxies in front of the app append to X-Forwarded-For. */
  trustProxyHops: int(env.TRUST_PROXY_HOPS, 0),
  jobs: {
    /** Run the background jobs worker beside the web server (turn off where workers run apart). */
    worker: env.JOBS_WORKER !== 'false',
    /** How often the worker looks for due jobs. */
    intervalSeconds: Math.max(1, int(env.JOBS_INTERVAL_SECONDS, 60)),
    /** How often the worker hands new domain events to subscribers and sends due webhooks. */
    eventsIntervalMs: Math.max(100, int(env.EVENTS_INTERVAL_MS, 1000)),
    /**
     * How long a job stays its worker's without a sign of life (the worker renews it a few times
     * per lease while the job runs); after that a worker that died is presumed gone and the job
     * is taken up again.
     */
    leaseSeconds: Math.max(1, int(env.JOBS_LEASE_SECONDS, 120)),
  },
  /**
   * Prometheus metrics. With METRICS_TOKEN set, the web server answers GET /metrics to
   * `Authorization: Bearer <token>`; with METRICS_PORT (web) or WORKER_METRICS_PORT (jobs
   * worker) set, a listener of its own answers it on that port (asking for the token too, if
   * one is set). Neither set: no metrics are served.
   */
  // Read when used, like serverUrl: a process (or test) may set them after this module loads.
  metrics: {
    get token(): string | undefined {
      return env.METRICS_TOKEN || undefined
    },
    get port(): number {
      return int(env.METRICS_PORT, 0)
    },
    get workerPort(): number {
      return int(env.WORKER_METRICS_PORT, 0)
    },
    get host(): string {
      return env.METRICS_HOST ?? '0.0.0.0'
    },
  },
  /** clamd, which scans every upload; unreachable means uploads are refused. */
  clamd: {
    host: env.CLAMD_HOST ?? '127.0.0.1',
    port: int(env.CLAMD_PORT, 3310),
    timeoutMs: int(env.CLAMD_TIMEOUT_MS, 30_000),
  },
  webhooks: {
    /**
     * Private destinations webhooks may still reach (comma-separated host names, IPs and CIDR
     * ranges), such as a receiver on the school's own network; read by parseAllowList.
     */
    // Read when used, like serverUrl: a process (or test) may set it after this module loads.
    get allowedHosts(): string {
      return env.WEBHOOK_ALLOWED_HOSTS ?? ''
    },
    /** One delivery attempt: DNS, connecting and the receiver's answer. */
    get timeoutMs(): number {
      return Math.max(1, int(env.WEBHOOK_TIMEOUT_MS, 10_000))
    },
  },
  /** Debian's Chromium renders certificate PDFs (through puppeteer-core). */
  chromiumPath: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  /**
   * Ed25519 private key (PKCS#8 PEM) that signs certificate credentials. Unset: one is
   * derived from PAYLOAD_SECRET, so it is stable as long as the secret is.
   */
  certificateSigningKey: env.CERTIFICATE_SIGNING_KEY,
  /**
   * The key that seals schools' secrets at rest (PayPal client secrets, bank details): 32 bytes
   * in base64. Unset: derived from PAYLOAD_SECRET. Previous keys (comma-separated) still open
   * what they sealed, while values are sealed again under the new one.
   */
  dataEncryption: {
    key: env.DATA_ENCRYPTION_KEY || undefined,
    previousKeys: (env.DATA_ENCRYPTION_PREVIOUS_KEYS ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean),
  },
  /**
   * Stripe: the platform account's secret key and the signing secrets of its webhook endpoints
   * (the account's own and the Connect endpoint's). STRIPE_API_BASE points the SDK elsewhere
   * (a stand-in in tests). Payments by Stripe are offered when a secret key is set.
   */
  get stripe() {
    return {
      secretKey: env.STRIPE_SECRET_KEY || undefined,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
      connectWebhookSecret: env.STRIPE_CONNECT_WEBHOOK_SECRET || undefined,
      apiBase: env.STRIPE_API_BASE || undefined,
    }
  },
  /** PayPal's REST API (each school has its own credentials); the sandbox is https://api-m.sandbox.paypal.com. */
  get paypalApiBase(): string {
    return env.PAYPAL_API_BASE ?? 'https://api-m.paypal.com'
  },
  /**
   * Zoom's REST API and OAuth host (each school connects its own Server-to-Server OAuth app);
   * tests point both at a stand-in. Recording downloads must come from the OAuth host or its
   * subdomains.
   */
  get zoom() {
    return {
      apiBase: env.ZOOM_API_BASE || 'https://api.zoom.us/v2',
      oauthBase: env.ZOOM_OAUTH_BASE || 'https://zoom.us',
    }
  },
  /** Google's Gemini API, for the AI features. Read when used, as tests point it at a stand-in. */
  get gemini() {
    return {
      /** Unset: the AI features are off. */
      apiKey: env.GEMINI_API_KEY || undefined,
      /** Unset: Google's own endpoint (the SDK's default). */
      baseUrl: env.GEMINI_API_BASE || undefined,
      model: env.GEMINI_MODEL || 'gemini-2.5-flash',
      /** Each attempt's limit, in milliseconds. */
      timeoutMs: Math.max(1000, int(env.GEMINI_TIMEOUT_MS, 60_000)),
    }
  },
  payments: {
    /** How long a checkout holds a place in a course with limited places while the buyer pays. */
    holdMinutes: Math.max(30, int(env.CHECKOUT_HOLD_MINUTES, 60)),
    /** How long a bank-transfer order holds its place while the money travels and staff check it. */
    bankHoldDays: Math.max(1, int(env.BANK_TRANSFER_HOLD_DAYS, 7)),
    /** How long an unpaid seat subscription keeps its seats before their enrollments are suspended. */
    seatGraceDays: Math.max(0, int(env.SEAT_GRACE_DAYS, 7)),
  },
  media: {
    /** Largest file accepted into media (course covers, lesson PDFs, logos), in MB. */
    maxFileMb: Math.max(1, int(env.MEDIA_MAX_FILE_MB, 20)),
  },
  /** Unset bucket: uploads stay on local disk under dataDir. Read when used, as the tests point it at a store of their own. */
  get s3() {
    return {
      bucket: env.S3_BUCKET || undefined,
      region: env.S3_REGION || 'us-east-1',
      /** For S3-compatible stores (MinIO and the like); unset means AWS. */
      endpoint: env.S3_ENDPOINT || undefined,
      /** Unset: the SDK's own credential chain (instance role, environment, profile). */
      accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
      forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
    }
  },
  query: {
    /** The largest page a list request may ask for (REST and GraphQL `limit`). */
    maxLimit: Math.max(1, int(env.QUERY_MAX_LIMIT, 1000)),
  },
  /** Catalog answers kept in memory per process (0 turns the cache off). */
  catalogCacheEntries: int(env.CATALOG_CACHE_ENTRIES, 2000),
  /** OpenTelemetry traces over OTLP/HTTP, off without an endpoint; a bare base URL gets OTLP's `/v1/traces`. */
  traces: {
    endpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || (env.OTEL_EXPORTER_OTLP_ENDPOINT ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces` : undefined),
    /** Unset: `aqoon-web` for the web process, `aqoon-worker` for the jobs worker. */
    serviceName: env.OTEL_SERVICE_NAME || undefined,
  },
  /** Sentry error reports, off without a DSN. Unset release: `aqoon@<package version>`. */
  sentry: { dsn: env.SENTRY_DSN || undefined, environment: env.SENTRY_ENVIRONMENT || 'production', release: env.SENTRY_RELEASE || undefined },
  logLevel: env.LOG_LEVEL ?? (isProduction ? 'info' : 'warn'),
}
