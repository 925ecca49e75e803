import type { Endpoint } from 'payload'

import { finishGoogleSignIn, startGoogleSignIn } from './googleSignIn'
import { health } from './health'

export const endpoints: Endpoint[] = [health, startGoogleSignIn, finishGoogleSignIn]
