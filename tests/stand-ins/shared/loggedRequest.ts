/** What every stand-in keeps of a request it was sent, for tests to look at afterwards. */
export type LoggedRequest = {
  method: string
  /** The path as sent (still percent-encoded). */
  path: string
  /** The query string, `?` included, or ''. */
  search: string
  /** As Node gives them: names in lower case. */
  headers: Record<string, string>
  /** The status answered; 0 when the connection was dropped. */
  status?: number
}
