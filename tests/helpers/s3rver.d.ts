/** The part of s3rver's programmatic API the tests use (the package ships no types). */
declare module 's3rver' {
  type Options = {
    address?: string
    port?: number
    silent?: boolean
    directory?: string
    configureBuckets?: { name: string; configs: (string | Buffer)[] }[]
  }

  class S3rver {
    constructor(options?: Options)
    run(): Promise<{ address: string; port: number }>
    close(): Promise<void>
  }
  export = S3rver
}
