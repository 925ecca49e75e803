/** A CSV cell; a leading = + - @ is neutralised so spreadsheets do not run it as a formula. */
export const csvCell = (value: unknown): string => {
  let text = value === null || value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Rows of cells as CSV text with CRLF line ends. */
export const csvText = (rows: unknown[][]): string => `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`
