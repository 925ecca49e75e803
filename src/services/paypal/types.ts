/** An amount as PayPal writes it: the value is a decimal string with the currency's digits ('19.99', '500' for JPY). */
export type PayPalMoney = { currency_code: string; value: string }

export type PayPalLink = { href: string; rel: string; method?: string }

/** The parts of PayPal's answers the client reads; PayPal sends more. */
export type CaptureWire = {
  id: string
  status: string
  amount?: PayPalMoney
  custom_id?: string
  invoice_id?: string
  final_capture?: boolean
}

export type PurchaseUnitWire = {
  reference_id?: string
  custom_id?: string
  invoice_id?: string
  description?: string
  amount?: PayPalMoney
  payments?: { captures?: CaptureWire[] }
}

export type OrderWire = {
  id: string
  status: string
  intent?: string
  purchase_units?: PurchaseUnitWire[]
  payer?: { payer_id?: string; email_address?: string }
  links?: PayPalLink[]
}

export type RefundWire = { id: string; status: string; amount?: PayPalMoney }

export type TokenWire = { access_token?: unknown; expires_in?: unknown }

export type CreateOrderInput = {
  /** PayPal-Request-Id: the same id for a retry of the same order, so PayPal makes it once. */
  requestId: string
  amount: PayPalMoney
  /** Our order reference: sent as reference_id and custom_id, and comes back on captures and webhooks. */
  reference: string
  /** Shown to the payer; PayPal takes 127 characters at most, longer is shortened. */
  description: string
  returnUrl: string
  cancelUrl: string
  invoiceId?: string
  brandName?: string
  /** A BCP 47 tag PayPal knows (`en-US`, `fr-FR`); one in another shape is left out rather than refused. */
  locale?: string
}

export type CreatedOrder = { id: string; status: string; approveUrl: string }

export type PayPalCapture = { id: string; status: string; amount: PayPalMoney }

export type PayPalOrder = {
  id: string
  status: string
  intent?: string
  referenceId?: string
  customId?: string
  invoiceId?: string
  amount?: PayPalMoney
  /** Where the payer approves, while approval is still wanted. */
  approveUrl?: string
  payerId?: string
  capture?: PayPalCapture
}

export type CapturedOrder = {
  orderId: string
  status: string
  capture: PayPalCapture | undefined
  referenceId?: string
  customId?: string
}

export type RefundInput = {
  captureId: string
  requestId: string
  /** Left out: the whole remainder of the capture. */
  amount?: PayPalMoney
  /** note_to_payer: 255 characters at most. */
  note?: string
}

export type PayPalRefund = { id: string; status: string; amount: PayPalMoney | undefined }

/** A Fetch `Headers`, or Node's `req.headers` (any case, values possibly arrays). */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>

export type VerifyWebhookInput = {
  headers: WebhookHeaders
  /** The id PayPal gave the webhook (this school's account's registration for this URL). */
  webhookId: string
  /** The parsed JSON body, as received. */
  event: unknown
}

export type PayPalClient = {
  createOrder: (input: CreateOrderInput) => Promise<CreatedOrder>
  getOrder: (id: string) => Promise<PayPalOrder>
  captureOrder: (input: { orderId: string; requestId: string }) => Promise<CapturedOrder>
  refundCapture: (input: RefundInput) => Promise<PayPalRefund>
  verifyWebhookSignature: (input: VerifyWebhookInput) => Promise<boolean>
}

export type PayPalClientOptions = {
  /** https://api-m.paypal.com, https://api-m.sandbox.paypal.com, or a stand-in. */
  baseUrl: string
  clientId: string
  clientSecret: string
  /** Bounds each call, retries included. */
  timeoutMs?: number
}
