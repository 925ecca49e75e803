import type { WebhookHeaders } from './types'

/** The signature fields PayPal's verify endpoint wants, from the notification's headers. */
export type WebhookSignatureFields = {
  auth_algo: string
  cert_url: string
  transmission_id: string
  transmission_sig: string
  transmission_time: string
}

const header = (headers: WebhookHeaders, name: string): string | undefined => {
  if (headers instanceof Headers) {
    return headers.get(name) ?? undefined
  }
  const wanted = name.toLowerCase()
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === wanted)?.[1]
  const value = Array.isArray(entry) ? entry[0] : entry
  return value || undefined
}

/** The fields, or undefined when any header is missing (such a notification cannot be PayPal's). */
export const webhookFields = (headers: WebhookHeaders): WebhookSignatureFields | undefined => {
  const fields = {
    auth_algo: header(headers, 'PAYPAL-AUTH-ALGO'),
    cert_url: header(headers, 'PAYPAL-CERT-URL'),
    transmission_id: header(headers, 'PAYPAL-TRANSMISSION-ID'),
    transmission_sig: header(headers, 'PAYPAL-TRANSMISSION-SIG'),
    transmission_time: header(headers, 'PAYPAL-TRANSMISSION-TIME'),
  }
  return Object.values(fields).every(Boolean) ? (fields as WebhookSignatureFields) : undefined
}
