/**
 * Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows of
 * fields. A byte-order mark is dropped. Blank lines are kept out.
 */
export const parseCsv = (text: string): { line: number; fields: string[] }[] => {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const rows: { line: number; fields: string[] }[] = []
  let fields: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let rowLine = 1
  const endRow = () => {
    fields.push(field)
    if (fields.some((f) => f.trim() !== '')) {
      rows.push({ line: rowLine, fields })
    }
    fields = []
    field = ''
  }
  for (let i = 0; i < input.length; i += 1) {
    const char = input[i]
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"'
        i += 1
      } else if (char === '"') {
        quoted = false
      } else {
        if (char === '\n') {
          line += 1
        }
        field += char
      }
    } else if (char === '"' && field === '') {
      quoted = true
    } else if (char === ',') {
      fields.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') {
        i += 1
      }
      endRow()
      line += 1
      rowLine = line
    } else {
      field += char
    }
  }
  if (field !== '' || fields.length > 0) {
    endRow()
  }
  return rows
}
