/**
 * Text as Pauta's searches compare it: lower case, without accents or other combining marks,
 * so that "cafe" finds "Café" and "CAFÉ" finds "cafe" (NFD splits "é" into "e" and a mark).
 */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}
