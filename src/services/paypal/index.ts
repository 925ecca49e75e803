export { createPayPalClient } from './client'
export { PayPalError } from './errors'
export type { PayPalErrorDetail } from './errors'
export { payPalTokenCacheSize } from './token'
export type {
  CapturedOrder,
  CreatedOrder,
  CreateOrderInput,
  PayPalCapture,
  PayPalClient,
  PayPalClientOptions,
  PayPalMoney,
  PayPalOrder,
  PayPalRefund,
  RefundInput,
  VerifyWebhookInput,
  WebhookHeaders,
} from './types'
export { webhookFields } from './webhooks'
export type { WebhookSignatureFields } from './webhooks'
