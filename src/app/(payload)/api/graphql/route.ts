import config from '@payload-config'

import { apiRoutes } from '@/http/apiRoutes'

const routes = apiRoutes(config)
const noParams = { params: Promise.resolve({ slug: [] as string[] }) }

export const POST = (request: Request) => routes.GRAPHQL(request, noParams)
export const OPTIONS = (request: Request) => routes.OPTIONS(request, noParams)
