import crypto from 'node:crypto'

/**
 * A self-signed X.509 certificate (DER written by hand: Node can read certificates but not make
 * them), so the cert URL serves what PayPal's does: a PEM certificate whose key checks signatures.
 */
const der = (tag: number, content: Buffer): Buffer => {
  const length = content.length
  if (length < 0x80) {
    return Buffer.concat([Buffer.from([tag, length]), content])
  }
  const bytes: number[] = []
  for (let rest = length; rest > 0; rest >>= 8) {
    bytes.unshift(rest & 0xff)
  }
  return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), content])
}

const sequence = (...items: Buffer[]): Buffer => der(0x30, Buffer.concat(items))

const integer = (bytes: Buffer): Buffer => der(0x02, bytes[0] !== undefined && bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes)

const objectId = (dotted: string): Buffer => {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number)
  const bytes = [first * 40 + second]
  for (const part of rest) {
    const chunk = [part & 0x7f]
    for (let value = part >> 7; value > 0; value >>= 7) {
      chunk.unshift((value & 0x7f) | 0x80)
    }
    bytes.push(...chunk)
  }
  return der(0x06, Buffer.from(bytes))
}

const utcTime = (date: Date): Buffer => der(0x17, Buffer.from(`${date.toISOString().slice(2, 19).replace(/[-:T]/g, '')}Z`))

const commonName = (name: string): Buffer => sequence(der(0x31, sequence(objectId('2.5.4.3'), der(0x0c, Buffer.from(name)))))

const SHA256_WITH_RSA = sequence(objectId('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]))

export type SigningKey = { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject; certificatePem: string }

/** A fresh RSA key pair and a certificate for it, valid from yesterday for a year. */
export const signingKey = (name: string): SigningKey => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
  const subject = commonName(name)
  const day = 24 * 3600 * 1000
  // Positive, with no leading zero byte: DER wants the shortest form.
  const serial = crypto.randomBytes(8)
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40
  const tbs = sequence(
    der(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    SHA256_WITH_RSA,
    subject,
    sequence(utcTime(new Date(Date.now() - day)), utcTime(new Date(Date.now() + 365 * day))),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
  )
  const signature = crypto.sign('sha256', tbs, privateKey)
  const certificate = sequence(tbs, SHA256_WITH_RSA, der(0x03, Buffer.concat([Buffer.from([0]), signature])))
  const base64 = certificate.toString('base64').replace(/.{64}/g, '$&\n')
  return { privateKey, publicKey, certificatePem: `-----BEGIN CERTIFICATE-----\n${base64.trimEnd()}\n-----END CERTIFICATE-----\n` }
}
