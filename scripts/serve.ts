/** `npm start` (production build) and `npm run dev` (--dev). */
import { launch } from '@/server/launch'

await launch({ dev: process.argv.includes('--dev') })
