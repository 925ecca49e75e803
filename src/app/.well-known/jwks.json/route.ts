import { publicJwks } from '@/domain/certificates/signingKey'

/** The public key of certificate credentials, so anyone can check one offline. */
export const GET = async (): Promise<Response> =>
  Response.json(await publicJwks(), {
    headers: { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=3600' },
  })
