/** `npm run demo`: the app with demo data, on the embedded database unless DATABASE_URI is set. */
import { launch } from '@/server/launch'

await launch({ seedScript: 'scripts/seed-demo.ts', localSecret: true, localScanner: true })
