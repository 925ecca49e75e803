import QRCode from 'qrcode'

import { type LocaleCode, LOCALES } from '@/i18n/locales'

import { certificateText, formatIssueDate } from './certificateText'
import { escapeHtml } from '@/shared/escapeHtml'

export type CertificateFace = {
  serial: string
  holderName: string
  courseTitle: string
  schoolName: string
  locale: LocaleCode
  issuedAt: string
  timeZone: string
  verifyUrl: string
  /** The school's colour, `#rrggbb`. */
  colour: string
  /** The school's logo as a data: URL, when it has one. */
  logo?: string
}

/**
 * The certificate as one self-contained page: inline styles, inline QR (SVG) and logo, so
 * rendering needs no network. Arabic pages are `dir="rtl"` and use a font with Arabic
 * shaping; names and serials keep their own direction inside (`<bdi>`).
 */
export const certificateHtml = async (face: CertificateFace): Promise<string> => {
  const t = certificateText[face.locale]
  const rtl = LOCALES.find((l) => l.code === face.locale)?.rtl ?? false
  const qr = await QRCode.toString(face.verifyUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
  const colour = /^#[0-9a-f]{6}$/i.test(face.colour) ? face.colour : '#1f4e79'
  return `<!doctype html>
<html lang="${face.locale}" dir="${rtl ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(t.heading)} · ${escapeHtml(face.serial)}</title>
<style>
  @page { size: A4 landscape; margin: 0; }
  * { box-sizing: border-box; }
  html, body { margin: 0; width: 297mm; height: 210mm; }
  body { font-family: 'Noto Naskh Arabic', 'Noto Sans Arabic', 'Noto Sans', 'DejaVu Sans', sans-serif; color: #1d1d1f; }
  .frame { position: absolute; inset: 10mm; border: 3mm solid ${colour}; padding: 14mm 18mm; display: flex; flex-direction: column; }
  .school { display: flex; align-items: center; gap: 6mm; font-size: 16pt; color: ${colour}; font-weight: bold; }
  .school img { max-height: 18mm; max-width: 50mm; }
  h1 { font-size: 34pt; margin: 12mm 0 6mm; color: ${colour}; }
  .line { font-size: 15pt; margin: 2mm 0; }
  .holder { font-size: 30pt; font-weight: bold; margin: 4mm 0; }
  .course { font-size: 22pt; font-weight: bold; margin: 4mm 0; }
  .foot { margin-top: auto; display: flex; justify-content: space-between; align-items: flex-end; gap: 10mm; font-size: 11pt; }
  .qr svg { width: 34mm; height: 34mm; }
  .serial { font-family: 'DejaVu Sans Mono', monospace; }
</style>
</head>
<body>
<div class="frame">
  <div class="school">${face.logo ? `<img src="${escapeHtml(face.logo)}" alt="">` : ''}<bdi>${escapeHtml(face.schoolName)}</bdi></div>
  <h1>${escapeHtml(t.heading)}</h1>
  <p class="line">${escapeHtml(t.certifies)}</p>
  <p class="holder"><bdi>${escapeHtml(face.holderName)}</bdi></p>
  <p class="line">${escapeHtml(t.completed)}</p>
  <p class="course"><bdi>${escapeHtml(face.courseTitle)}</bdi></p>
  <div class="foot">
    <div>
      <p>${escapeHtml(t.issued)}: ${escapeHtml(formatIssueDate(face.issuedAt, face.locale, face.timeZone))}</p>
      <p>${escapeHtml(t.serial)}: <bdi class="serial">${escapeHtml(face.serial)}</bdi></p>
      <p>${escapeHtml(t.verify)} <bdi>${escapeHtml(face.verifyUrl)}</bdi></p>
    </div>
    <div class="qr">${qr}</div>
  </div>
</div>
</body>
</html>`
}
