/** An answer that is not a success: Google's status and JSON error body (`{ error: { code, message, status, details } }`). */
export type GoogleErrorReply = { status: number; body: { error: { code: number; message: string; status: string; details?: unknown[] } } }

export const googleError = (code: number, status: string, message: string, details?: unknown[]): GoogleErrorReply => ({
  status: code,
  body: { error: { code, message, status, ...(details ? { details } : {}) } },
})

const SERVICE = 'generativelanguage.googleapis.com'

/** A key Google does not know: 400, not 401, with the reason in an ErrorInfo detail. */
export const apiKeyInvalid = (): GoogleErrorReply => {
  const message = 'API key not valid. Please pass a valid API key.'
  return googleError(400, 'INVALID_ARGUMENT', message, [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: SERVICE } },
    { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message },
  ])
}

/** No key at all: Google answers 403, as for any caller it cannot identify. */
export const unregisteredCaller = (): GoogleErrorReply =>
  googleError(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.")

export const modelNotFound = (model: string, version: string, action: string): GoogleErrorReply =>
  googleError(404, 'NOT_FOUND', `models/${model} is not found for API version ${version}, or is not supported for ${action}. Call ListModels to see the list of available models and their supported methods.`)

export const invalidArgument = (message: string): GoogleErrorReply => googleError(400, 'INVALID_ARGUMENT', message)

/** The free tier's per-minute quota, run out: which quota (QuotaFailure), where to read more (Help), and when to come back (RetryInfo). */
export const rateLimited = (model: string, retryDelaySeconds: number): GoogleErrorReply =>
  googleError(
    429,
    'RESOURCE_EXHAUSTED',
    'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/usage?tab=rate-limit. ' +
      `\n* Quota exceeded for metric: ${SERVICE}/generate_content_free_tier_requests, limit: 10, model: ${model}\nPlease retry in ${retryDelaySeconds}s.`,
    [
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [
          {
            quotaMetric: `${SERVICE}/generate_content_free_tier_requests`,
            quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
            quotaDimensions: { location: 'global', model },
            quotaValue: '10',
          },
        ],
      },
      { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryDelaySeconds}s` },
    ],
  )

/** Google's body for a failure status a test asks for (429 needs the model and delay, see rateLimited). */
export const failureFor = (status: number, message?: string): GoogleErrorReply => {
  const reply = usualFailure(status)
  return message === undefined ? reply : { ...reply, body: { error: { ...reply.body.error, message } } }
}

const usualFailure = (status: number): GoogleErrorReply => {
  switch (status) {
    case 400:
      return invalidArgument('Request contains an invalid argument.')
    case 403:
      return googleError(403, 'PERMISSION_DENIED', 'The caller does not have permission')
    case 500:
      return googleError(500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting')
    case 503:
      return googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.')
    case 504:
      return googleError(504, 'DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.')
    default:
      return googleError(status, status >= 500 ? 'UNAVAILABLE' : 'FAILED_PRECONDITION', `Stand-in failure ${status}.`)
  }
}

/** Google's front end for a URL it has no method at: an HTML page, not JSON. */
export const notFoundPage = (path: string): string =>
  `<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error 404 (Not Found)!!1</title>\n  <p><b>404.</b> <ins>That’s an error.</ins>\n  <p>The requested URL <code>${path.replace(/[<>&]/g, '')}</code> was not found on this server.  <ins>That’s all we know.</ins>\n`
