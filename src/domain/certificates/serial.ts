import crypto from 'node:crypto'

/** Crockford's base32: no I, L, O or U, so a serial read aloud or typed is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** 120 random bits as four groups of six characters: unguessable, and short enough to type. */
export const newSerial = (): string => {
  const bytes = crypto.randomBytes(15)
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return out.match(/.{6}/g)!.join('-')
}

/** Accepts a serial as people type it: any case, with or without dashes or spaces. */
export const normaliseSerial = (input: string): string | undefined => {
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
  if (!/^[0-9A-HJKMNP-TV-Z]{24}$/.test(compact)) {
    return undefined
  }
  return compact.match(/.{6}/g)!.join('-')
}
