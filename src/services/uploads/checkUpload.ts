import crypto from 'node:crypto'
import { fileTypeFromBuffer } from 'file-type'
import { APIError } from 'payload'

import { scanBuffer, ScannerUnavailable } from '@/services/scanner/clamd'

/**
 * Per accepted extension: what its content must look like to `file-type` (`null`: plain
 * text, which has no magic bytes) and the type it is stored and served as.
 */
const KINDS: Record<string, { detected: string[] | null; mimeType: string }> = {
  pdf: { detected: ['pdf'], mimeType: 'application/pdf' },
  docx: { detected: ['docx', 'zip'], mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  odt: { detected: ['odt', 'zip'], mimeType: 'application/vnd.oasis.opendocument.text' },
  zip: { detected: ['zip'], mimeType: 'application/zip' },
  png: { detected: ['png'], mimeType: 'image/png' },
  jpg: { detected: ['jpg'], mimeType: 'image/jpeg' },
  jpeg: { detected: ['jpg'], mimeType: 'image/jpeg' },
  webp: { detected: ['webp'], mimeType: 'image/webp' },
  gif: { detected: ['gif'], mimeType: 'image/gif' },
  txt: { detected: null, mimeType: 'text/plain; charset=utf-8' },
}

export type CheckedUpload = { extension: string; mimeType: string }

export type UploadToCheck = {
  filename: string
  data: Buffer
  /** Accepted extensions, lower case, without the dot. */
  allowed: readonly string[]
  maxBytes: number
}

/**
 * Every uploaded file passes here before it is stored: size, extension on the allowlist,
 * content matching the extension (magic bytes), and a clamd scan. Refusals are 4xx with
 * a reason; an unreachable scanner refuses too (503), never lets a file through unscanned.
 */
export const checkUpload = async ({ filename, data, allowed, maxBytes }: UploadToCheck): Promise<CheckedUpload> => {
  if (data.length === 0) {
    throw new APIError('The file is empty.', 400)
  }
  if (data.length > maxBytes) {
    throw new APIError(`The file is larger than ${Math.floor(maxBytes / 1_048_576)} MB.`, 413)
  }
  const extension = /\.([a-z0-9]{1,8})$/i.exec(filename)?.[1]?.toLowerCase() ?? ''
  const kind = KINDS[extension]
  if (!allowed.includes(extension) || !kind) {
    throw new APIError(`Files of type ".${extension || '?'}" are not accepted here; use ${allowed.map((e) => `.${e}`).join(', ')}.`, 415)
  }
  const detected = await fileTypeFromBuffer(data)
  const matches = kind.detected === null ? detected === undefined && isUtf8Text(data) : detected !== undefined && kind.detected.includes(detected.ext)
  if (!matches) {
    throw new APIError(`The file's content is not a .${extension} file${detected ? ` (it looks like .${detected.ext})` : ''}.`, 415)
  }
  let result
  try {
    result = await scanBuffer(data)
  } catch (error) {
    if (error instanceof ScannerUnavailable) {
      throw new APIError('Files cannot be checked for viruses right now, so none are accepted. Try again shortly.', 503)
    }
    throw error
  }
  if (!result.clean) {
    throw new APIError(`The file was refused: it contains malware (${result.signature}).`, 422, { signature: result.signature })
  }
  return { extension, mimeType: kind.mimeType }
}

const isUtf8Text = (data: Buffer): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data)
    return !data.includes(0)
  } catch {
    return false
  }
}

/** The name a checked file is stored under: random, so nothing of the uploader's naming reaches paths or URLs. */
export const storageName = ({ extension }: Pick<CheckedUpload, 'extension'>): string => `${crypto.randomUUID()}.${extension}`
