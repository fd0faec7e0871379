/** The distinct non-empty values of one text field across cards, sorted for the reader. */
export function distinctValues(
  values: Iterable<string | null | undefined>,
  locale: string,
): string[] {
  const seen = new Set<string>()
  for (const value of values) {
    const text = value?.trim()
    if (text) seen.add(text)
  }
  return [...seen].sort(new Intl.Collator(locale, { sensitivity: 'base' }).compare)
}
