import type { CheckoutSessionObject, LineItemObject } from './objects'

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

const money = (minor: number, currency: string): string => {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency })
  return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2))
}

const page = (title: string, body: string): string =>
  `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escape(title)}</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<main>
${body}
</main>
</body>
</html>
`

/**
 * Stripe's hosted Checkout page, reduced to what a browser test needs: the items, the total,
 * and a Pay and a Cancel button (plain forms, so no script is needed).
 */
export const checkoutPage = (session: CheckoutSessionObject, lineItems: LineItemObject[]): string => {
  const currency = session.currency ?? 'usd'
  if (session.status !== 'open') {
    const message = session.status === 'expired' ? 'This Checkout Session has expired.' : 'This Checkout Session is no longer active: it has been paid.'
    return page('Checkout', `<h1>Checkout</h1>\n<p role="status">${escape(message)}</p>`)
  }
  const rows = lineItems
    .map(
      (item) =>
        `<tr data-testid="line-item"><td>${escape(item.description ?? '')}</td><td>${item.quantity ?? 1}</td><td>${escape(money(item.amount_total, currency))}</td></tr>`,
    )
    .join('\n')
  const interval = lineItems.find((item) => item.price.recurring)?.price.recurring
  const total = `${money(session.amount_total ?? 0, currency)}${interval ? ` per ${interval.interval_count > 1 ? `${interval.interval_count} ${interval.interval}s` : interval.interval}` : ''}`
  return page(
    'Checkout',
    `<h1>Checkout</h1>
${session.customer_email ? `<p>Paying as <span data-testid="email">${escape(session.customer_email)}</span></p>` : ''}
<table>
<thead><tr><th>Item</th><th>Quantity</th><th>Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p>Total due: <strong data-testid="total">${escape(total)}</strong></p>
<form method="post" action="/c/pay/${encodeURIComponent(session.id)}/pay"><button type="submit">Pay</button></form>
${session.cancel_url ? `<form method="post" action="/c/pay/${encodeURIComponent(session.id)}/cancel"><button type="submit">Cancel</button></form>` : ''}`,
  )
}

export const notFoundPage = (): string => page('Checkout', '<h1>Checkout</h1>\n<p role="status">Something went wrong: this Checkout Session does not exist.</p>')

/**
 * Stripe's hosted Connect onboarding, reduced to what a browser test needs: whose account it is,
 * what is still due, and a Submit button that completes onboarding (and a way back without it).
 */
export const onboardingPage = (account: { id: string; email: string | null; requirements?: { currently_due: string[] | null } | null }, action: string): string => {
  const due = account.requirements?.currently_due ?? []
  return page(
    'Connect onboarding',
    `<h1>Set up payments and payouts</h1>
<p>Account <code data-testid="account">${escape(account.id)}</code>${account.email ? ` for <span data-testid="email">${escape(account.email)}</span>` : ''}</p>
${due.length > 0 ? `<p>Still needed:</p>\n<ul>\n${due.map((field) => `<li>${escape(field)}</li>`).join('\n')}\n</ul>` : '<p role="status">Nothing more is needed.</p>'}
<form method="post" action="${escape(action)}/submit"><button type="submit">Agree and submit</button></form>
<form method="post" action="${escape(action)}/leave"><button type="submit">Return to the platform</button></form>`,
  )
}
