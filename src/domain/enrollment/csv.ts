import type { CsvErrorCode } from 'csv-parse/sync'

import { CsvError, parse } from 'csv-parse/sync'

export type CsvRow = { line: number; fields: string[] }

/** A sheet that is not valid CSV, with the line of the row where reading it stopped. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(`Line ${line}: ${problem}`)
    this.name = 'CsvSyntaxError'
  }
}

const PROBLEMS: Partial<Record<CsvErrorCode, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed (a quote inside a quoted field is written twice: "").',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted field is followed by more text before the next comma.',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quoted field is followed by more text before the next comma.',
}

const LINE_BREAK = /\r\n|\r|\n/g

/**
 * Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF, LF or CR) into rows of
 * fields, each with the line it starts on. A byte-order mark is dropped, so is whitespace
 * around a field (inside quotes it is kept), and rows with nothing in them are kept out. Rows may have fewer or more fields than the
 * header. Throws a CsvSyntaxError for text that is not CSV (an unclosed quote, text after a
 * closing quote).
 */
export const parseCsv = (text: string): CsvRow[] => {
  const bytes = Buffer.from(text)
  // csv-parse counts a CRLF inside a quoted field as two lines, so each row's line is counted
  // here instead, from the bytes it ends at: every row (blank ones too) is read, none skipped,
  // so each one starts where the one before it ended.
  let start = 0
  let line = 1
  const breaksBefore = (end: number) => bytes.toString('latin1', start, end).match(LINE_BREAK)?.length ?? 0
  const rows: CsvRow[] = []
  try {
    parse(bytes, {
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      trim: true,
      relax_column_count: true,
      // A quote inside an unquoted field is a character like any other, as it always was here.
      relax_quotes: true,
      on_record: (fields, { bytes: end }) => {
        if (fields.some((field) => field.trim() !== '')) {
          rows.push({ line, fields })
        }
        line += breaksBefore(end)
        start = end
        // Kept above with its line; the parser's own list is not needed.
        return null
      },
    })
  } catch (error) {
    if (error instanceof CsvError) {
      throw new CsvSyntaxError(line, PROBLEMS[error.code] ?? 'this row is not valid CSV.')
    }
    throw error
  }
  return rows
}
