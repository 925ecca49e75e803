/**
 * Zoom's audio transcript is WebVTT: numbered cues, each a time range and "Speaker: words".
 * Kept as plain text, one cue a line with its start time, for people to search and for the AI
 * tutor to summarise with timestamps: `[00:05:12] Amina Yusuf: Good morning, everyone.`
 */
export const transcriptText = (vtt: string): string => {
  const lines: string[] = []
  const blocks = vtt.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split(/\n{2,}/)
  for (const block of blocks) {
    const rows = block.split('\n').filter((row) => row.trim() !== '')
    const timing = rows.findIndex((row) => row.includes('-->'))
    if (timing < 0) {
      // The WEBVTT header, NOTE and STYLE blocks: not words anyone said.
      continue
    }
    const start = /^\s*(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,]\d+)?/.exec(rows[timing]!)
    const words = rows
      .slice(timing + 1)
      .join(' ')
      .replace(/<[^>]*>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .trim()
    if (!start || words === '') {
      continue
    }
    const stamp = [start[1] ?? '0', start[2]!, start[3]!].map((part) => part.padStart(2, '0')).join(':')
    lines.push(`[${stamp}] ${words}`)
  }
  return lines.join('\n')
}
