import { postgresAdapter } from '@payloadcms/db-postgres'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { adminComponents } from '@/admin'
import { collections } from '@/collections'
import { withoutPayloadsJwtStrategy } from '@/collections/Users/sessionStrategy'
import { USERS } from '@/shared/slugs'
import { endpoints } from '@/endpoints'
import { auditFailedLogin } from '@/hooks/auditFailedLogin'
import { markDatabaseTrouble } from '@/hooks/markDatabaseTrouble'
import { reportServerErrors } from '@/hooks/reportServerErrors'
import { showClientErrors } from '@/hooks/showClientErrors'
import { loggerOptions } from '@/http/logging'
import { adminI18n, localization } from '@/i18n'
import { catalogQueries } from '@/graphql/catalogQuery'
import { notificationMutations, notificationQueries } from '@/graphql/notifications'
import { graphqlValidationRules } from '@/http/graphqlLimits'
import { jobs } from '@/jobs'
import { plugins } from '@/plugins'
import { guardPayloadCollections } from '@/plugins/payloadCollections'
import { payloadSecret } from '@/secret'
import { markRequestsOnConnectFailures } from '@/services/database/connectFailures'
import { survivePoolErrors } from '@/services/database/survivePoolErrors'
import { watchDatabase } from '@/services/metrics/database'
import { mailAdapter } from '@/services/mail'
import { tracedPostgresDriver } from '@/services/telemetry/postgresDriver'
import { multipartLimits } from '@/services/uploads/multipartLimits'
import { isProduction, settings } from '@/settings'

const dirname = path.dirname(fileURLToPath(import.meta.url))

// Payload adds its own collections while sanitizing; they get explicit access afterwards.
export default buildConfig({
  serverURL: settings.serverUrl,
  // Cookie origins and CORS are decided per request by the API gate (src/http/apiRoutes.ts):
  // tenants' domains are data, which Payload's static lists cannot hold.
  csrf: [],
  cors: [],
  secret: payloadSecret(),
  admin: {
    user: USERS,
    // Gravatar would leak a hash of every email to an outside service.
    avatar: 'default',
    meta: { titleSuffix: ' · Aqoon' },
    importMap: { baseDir: dirname },
    components: adminComponents,
  },
  collections,
  editor: lexicalEditor(),
  endpoints,
  // Reports first: a later hook that fails (it may need the database that just failed) must not keep the error unreported.
  hooks: { afterError: [reportServerErrors, markDatabaseTrouble, auditFailedLogin, showClientErrors] },
  plugins,
  jobs,
  localization,
  i18n: adminI18n,
  email: mailAdapter(),
  sharp,
  upload: multipartLimits,
  graphQL: {
    disablePlaygroundInProduction: true,
    disableIntrospectionInProduction: true,
    maxComplexity: settings.graphql.maxComplexity,
    // Tokens are counted before Payload parses, in the API gate (src/http/apiRoutes.ts).
    validationRules: () => graphqlValidationRules(settings.graphql),
    queries: (graphQL, payload) => ({ ...catalogQueries(graphQL, payload), ...notificationQueries(graphQL, payload) }),
    mutations: notificationMutations,
  },
  db: postgresAdapter({
    pool: {
      connectionString: process.env.DATABASE_URI ?? '',
      connectionTimeoutMillis: 5_000,
      max: settings.databasePoolMax,
    },
    // Schema changes are committed migrations, never pushed, and applied only by scripts/migrate.ts
    // (the launcher, the migration Job), one process at a time: not by every process that starts.
    push: false,
    // With traces on, each query is a span of the request or job it runs for.
    pg: tracedPostgresDriver(),
    migrationDir: path.resolve(dirname, 'src/migrations'),
  }),
  typescript: {
    outputFile: path.resolve(dirname, 'src/payload-types.ts'),
    // Types are generated on purpose (`npm run generate:types`) and committed. Left on, every
    // Payload started outside production (each test file, the dev server) spawns a generator
    // that rewrites the file; in test runs dozens of them piled up, some never ending.
    autoGenerate: false,
  },
  // Self-hosted schools' servers report nothing to Payload's makers.
  telemetry: false,
  onInit: (payload) => {
    survivePoolErrors(payload)
    markRequestsOnConnectFailures(payload)
    watchDatabase(payload)
    withoutPayloadsJwtStrategy(payload)
  },
  debug: !isProduction,
  logger: { options: loggerOptions(settings.logLevel) },
}).then(guardPayloadCollections)
