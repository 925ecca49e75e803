import { isLocaleCode, LOCALES, type LocaleCode } from '@/i18n/locales'

/**
 * Where the learner site is: which school (from `?school=`, else the address decides)
 * and which locale. Both travel in the query string so links can be shared.
 */
export type LearnContext = { school?: string; locale: LocaleCode }

type Params = Record<string, string | string[] | undefined>

export const learnContext = (params: Params): LearnContext => {
  const school = typeof params.school === 'string' && /^[a-z0-9-]{1,63}$/.test(params.school) ? params.school : undefined
  const locale = isLocaleCode(params.locale) ? params.locale : 'en'
  return { school, locale }
}

export const direction = (locale: LocaleCode): 'rtl' | 'ltr' => (LOCALES.find((l) => l.code === locale)?.rtl ? 'rtl' : 'ltr')

/** A learner-site link keeping the school and locale. */
export const learnHref = (path: string, context: LearnContext, extra: Record<string, string> = {}): string => {
  const query = new URLSearchParams({ ...(context.school ? { school: context.school } : {}), locale: context.locale, ...extra })
  return `${path}?${query.toString()}`
}

/** Sends a request to Aqoon's API for the school, with the browser's session cookie; the answer as it comes (a stream too). */
export const fetchApi = (context: LearnContext, path: string, init: RequestInit = {}): Promise<Response> => {
  const headers = new Headers(init.headers)
  if (context.school) {
    headers.set('X-Tenant', context.school)
  }
  // A FormData body carries its own multipart type (with the boundary): the browser sets it.
  if (init.body && !(init.body instanceof FormData) && !headers.has('content-type')) {
    headers.set('content-type', 'application/json')
  }
  return fetch(path, { ...init, headers, credentials: 'same-origin' })
}

/** Calls Aqoon's API for the school, with the browser's session cookie; the answer read as JSON. */
export const callApi = async <T>(context: LearnContext, path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
  const response = await fetchApi(context, path, init)
  const text = await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T }
}
