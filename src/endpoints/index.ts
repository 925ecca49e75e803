import type { Endpoint } from 'payload'

import { catalog } from './catalog'
import { finishGoogleSignIn, startGoogleSignIn } from './googleSignIn'
import { health } from './health'

export const endpoints: Endpoint[] = [health, catalog, startGoogleSignIn, finishGoogleSignIn]
