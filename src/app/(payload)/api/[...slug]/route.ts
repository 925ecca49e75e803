import config from '@payload-config'
import '@payloadcms/next/css'

import { apiRoutes } from '@/http/apiRoutes'

const routes = apiRoutes(config)

export const GET = routes.GET
export const POST = routes.POST
export const DELETE = routes.DELETE
export const PATCH = routes.PATCH
export const PUT = routes.PUT
export const OPTIONS = routes.OPTIONS
