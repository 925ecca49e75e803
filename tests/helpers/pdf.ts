import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import jsQR from 'jsqr'
import sharp from 'sharp'

const run = promisify(execFile)

/** Runs `work` with the PDF written to a temporary folder, which is removed afterwards. */
const withPdfFile = async <T>(pdf: Buffer, work: (file: string, dir: string) => Promise<T>): Promise<T> => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aqoon-pdf-'))
  try {
    const file = path.join(dir, 'document.pdf')
    await fs.writeFile(file, pdf)
    return await work(file, dir)
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

/** Direction marks and embeddings pdftotext wraps around runs of mixed-direction text. */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/**
 * Text of a PDF as poppler's pdftotext reads it, Unicode-normalised (Arabic presentation
 * forms → letters) and without direction marks. pdftotext gives the two letters of a
 * lam-alef ligature in visual order, so Arabic compared against it avoids that pair.
 */
export const pdfText = (pdf: Buffer): Promise<string> =>
  withPdfFile(pdf, async (file) => (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout.normalize('NFKC').replace(BIDI_CONTROLS, ''))

/** Renders the first page to an image (pdftoppm) and decodes the QR code on it (jsQR). */
export const pdfQrCode = (pdf: Buffer): Promise<string | undefined> =>
  withPdfFile(pdf, async (file, dir) => {
    await run('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, 'page')])
    const { data, info } = await sharp(path.join(dir, 'page.png')).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data
  })

/** How many raster images the PDF holds (poppler's pdfimages), such as a school's logo. */
export const pdfImageCount = (pdf: Buffer): Promise<number> =>
  withPdfFile(pdf, async (file) => {
    const { stdout } = await run('pdfimages', ['-list', file])
    // Two header lines, then one line per image.
    return stdout.trim().split('\n').slice(2).filter(Boolean).length
  })
