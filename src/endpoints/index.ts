import type { Endpoint } from 'payload'

import { catalog } from './catalog'
import { finishGoogleSignIn, startGoogleSignIn } from './googleSignIn'
import { health, liveness, readiness } from './health'
import { payPalWebhook } from './paypalWebhook'
import { stripeWebhook } from './stripeWebhook'
import { zoomWebhook } from './zoomWebhook'

export const endpoints: Endpoint[] = [health, liveness, readiness, catalog, startGoogleSignIn, finishGoogleSignIn, stripeWebhook, payPalWebhook, zoomWebhook]
