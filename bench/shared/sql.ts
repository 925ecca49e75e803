import type pg from 'pg'

export type Column = [name: string, pgType: string]

/**
 * Inserts rows as one `unnest` of typed arrays per chunk: one round trip per few
 * thousand rows instead of one per row.
 */
export const insert = async (db: pg.Client, table: string, columns: Column[], rows: unknown[][]): Promise<void> => {
  const names = columns.map(([name]) => `"${name}"`).join(', ')
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')
  for (let start = 0; start < rows.length; start += 5_000) {
    const chunk = rows.slice(start, start + 5_000)
    await db.query(
      `insert into "${table}" (${names}) select * from unnest(${arrays})`,
      columns.map((_, c) => chunk.map((row) => row[c])),
    )
  }
}

/** Explicit ids were inserted; the serial must continue after them. */
export const resetSequence = (db: pg.Client, table: string): Promise<unknown> =>
  db.query(`select setval(pg_get_serial_sequence('${table}', 'id'), (select coalesce(max(id), 1) from "${table}"))`)

export const nextId = async (db: pg.Client, table: string): Promise<number> => {
  const { rows } = await db.query<{ next: number }>(`select coalesce(max(id), 0) + 1 as next from "${table}"`)
  return Number(rows[0]!.next)
}
