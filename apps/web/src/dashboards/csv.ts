/** One cell as exported: numbers stay numbers (a dot for decimals), text is quoted as needed. */
export type CsvValue = string | number | null

/** Excel reads a file without it as the machine's legacy code page: "Campaña" turns to mojibake. */
export const UTF8_BOM = '\uFEFF'

// A cell that begins like a formula would run as one in a spreadsheet (a card's title is
// anyone's text): such text is written with a leading apostrophe, as spreadsheets expect.
const FORMULA_START = /^[=+\-@\t\r]/

export function csvField(value: CsvValue): string {
  if (value === null) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text
}

/** RFC 4180: comma-separated, CRLF line ends, with a UTF-8 byte order mark in front. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','))
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`
}

/** "pauta-redes-sociales-2025-flujo-2025-12-01.csv": board, table and day, safe on any disk. */
export function csvFileName(boardName: string, table: string, day: string): string {
  const slug = (text: string) =>
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
  const parts = [slug(boardName) || 'board', slug(table), day].filter(Boolean)
  return `${parts.join('-')}.csv`
}

/** Hands the text to the browser as a file download. */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // some browsers read the blob after click() returns
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
