import type { checkUpload as CheckUpload } from '@/services/uploads/checkUpload'
import type { scanBuffer as ScanBuffer } from '@/services/scanner/clamd'

import { APIError } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { EICAR, type Clamd, startClamd } from '../helpers/clamd'
import { PDF_MINIMAL, PNG_1X1 } from '../fixtures/files'

let clamd: Clamd
// Imported after clamd is up: settings read CLAMD_PORT when first loaded.
let checkUpload: typeof CheckUpload
let scanBuffer: typeof ScanBuffer

const PDF = PDF_MINIMAL

beforeAll(async () => {
  clamd = await startClamd()
  process.env.CLAMD_PORT = String(clamd.port)
  ;({ checkUpload } = await import('@/services/uploads/checkUpload'))
  ;({ scanBuffer } = await import('@/services/scanner/clamd'))
})

afterAll(() => clamd.stop())

const refusal = async (promise: Promise<unknown>): Promise<{ status: number; message: string }> => {
  try {
    await promise
  } catch (error) {
    if (error instanceof APIError) {
      return { status: error.status, message: error.message }
    }
    throw error
  }
  throw new Error('expected a refusal')
}

const check = (filename: string, data: Buffer, allowed = ['pdf', 'txt', 'png'], maxBytes = 1_000_000) =>
  checkUpload({ filename, data, allowed, maxBytes })

describe('upload checks', () => {
  it('should let clean files of allowed types through', async () => {
    expect(await check('essay.pdf', PDF)).toEqual({ extension: 'pdf', mimeType: 'application/pdf' })
    expect(await check('notes.TXT', Buffer.from('Plain notes, Arabic too: مرحبا'))).toMatchObject({ extension: 'txt' })
    expect(await check('chart.png', PNG_1X1)).toMatchObject({ extension: 'png', mimeType: 'image/png' })
  })

  it('should refuse the EICAR test virus, alone and inside a larger file, naming the signature', async () => {
    const alone = await refusal(check('eicar.txt', EICAR))
    expect(alone.status).toBe(422)
    expect(alone.message).toMatch(/malware \(Aqoon-Test-EICAR/)
    const hidden = Buffer.concat([Buffer.from('Introduction\n'.repeat(2_000)), EICAR, Buffer.from('\nEnd\n')])
    expect((await refusal(check('essay.txt', hidden))).status).toBe(422)
    expect(await scanBuffer(PDF)).toEqual({ clean: true })
  })

  it('should refuse wrong extensions, disguised content, empty and oversized files', async () => {
    expect((await refusal(check('tool.exe', PDF))).status).toBe(415)
    const disguised = await refusal(check('photo.png', PDF))
    expect(disguised).toMatchObject({ status: 415 })
    expect(disguised.message).toMatch(/looks like \.pdf/)
    expect((await refusal(check('essay.pdf', Buffer.from('just text pretending')))).status).toBe(415)
    expect((await refusal(check('binary.txt', Buffer.from([0x00, 0xff, 0xfe, 0x00])))).status).toBe(415)
    expect((await refusal(check('empty.pdf', Buffer.alloc(0)))).status).toBe(400)
    expect((await refusal(check('big.pdf', Buffer.concat([PDF, Buffer.alloc(2_000_000)]), ['pdf'], 1_048_576))).status).toBe(413)
  })

  it('should fail closed when the scanner cannot be reached', async () => {
    await clamd.stop()
    try {
      const down = await refusal(check('essay.pdf', PDF))
      expect(down.status).toBe(503)
    } finally {
      clamd = await startClamd()
      process.env.CLAMD_PORT = String(clamd.port)
    }
  })
})
