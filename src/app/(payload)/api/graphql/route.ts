import config from '@payload-config'
import { REST_OPTIONS } from '@payloadcms/next/routes'

import { apiRoutes } from '@/http/apiRoutes'

const routes = apiRoutes(config)

export const POST = (request: Request) => routes.GRAPHQL(request, { params: Promise.resolve({ slug: [] }) })
export const OPTIONS = REST_OPTIONS(config)
