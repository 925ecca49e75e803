import type { PayloadRequest } from 'payload'

import { APIError } from 'payload'

import { catalogAnswer } from '@/domain/catalog/catalogAnswers'
import { CatalogQuery } from '@/domain/catalog/catalogQuery'
import { validationErrorFrom } from '@/services/validation/zodProblems'
import { COURSES } from '@/shared/slugs'
import { requestTenant } from '@/tenancy/resolveTenant'

/** Parses the catalog query of a request (REST parameters or GraphQL arguments), or throws a 400 naming the parameter. */
export const parseCatalogQuery = (params: Record<string, unknown>): CatalogQuery => {
  const parsed = CatalogQuery.safeParse(params)
  if (!parsed.success) {
    throw validationErrorFrom(COURSES, parsed.error, 'parameter')
  }
  return parsed.data
}

/** The catalog of the school a request is for; 400 when it names none. */
export const catalogFor = async (req: PayloadRequest, query: CatalogQuery) => {
  const resolution = await requestTenant(req)
  if (resolution.kind !== 'tenant') {
    throw new APIError('Ask a school\'s own address for its catalog, or send X-Tenant: <slug>.', 400)
  }
  return catalogAnswer(req.payload, resolution.tenant, query)
}
