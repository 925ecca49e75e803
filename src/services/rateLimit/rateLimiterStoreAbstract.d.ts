// rate-limiter-flexible declares RateLimiterStoreAbstract (the base its Redis, Postgres and other
// store limiters extend) in its types but leaves it out of its index, so a store of our own
// reaches it by its file.
declare module 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js' {
  import { RateLimiterStoreAbstract } from 'rate-limiter-flexible'

  export = RateLimiterStoreAbstract
}
