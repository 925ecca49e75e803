/** Settings every test process shares; set before Payload's config is imported. */
export const TEST_ENV = {
  PAYLOAD_SECRET: 'aqoon-test-secret-not-for-production',
  BASE_DOMAIN: 'aqoon.test',
  SERVER_URL: 'http://aqoon.test:3000',
  RATE_LIMIT_AUTH_MAX: '10',
  RATE_LIMIT_AUTH_WINDOW_SECONDS: '60',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  // Each run counts its own: a fresh database gives its people the ids an earlier run's had.
  RATE_LIMIT_REDIS_PREFIX: process.env.RATE_LIMIT_REDIS_PREFIX ?? `aqoon-test:${process.pid}-${Date.now().toString(36)}:rl:`,
  AQOON_DATA_DIR: '.data/test',
  // No test talks to the real Zoom: those that need it point these at their stand-in.
  ZOOM_API_BASE: 'http://127.0.0.1:9/v2',
  ZOOM_OAUTH_BASE: 'http://127.0.0.1:9',
  // Refused requests are logged at error level by Payload; tests refuse many on purpose.
  LOG_LEVEL: 'fatal',
}
