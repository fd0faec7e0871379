/**
 * The app's `t`: a string of the language's strings by its dotted key, its `{{name}}`s
 * replaced by the values given, the plural form chosen by `count` (`key_one`, `key_other`, by
 * the language's plural rules). A key that names no string gives `defaultValue`, or the key
 * itself (keys.test.ts keeps every key the app asks for in both languages).
 */
export type TFunction = (key: string, values?: TValues) => string

export interface TValues {
  count?: number
  defaultValue?: string
  [name: string]: unknown
}

/** A language's strings: nested objects of strings. */
export type Strings = { readonly [key: string]: unknown }

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g

export function translator(strings: Strings, language: string): TFunction {
  const plurals = new Intl.PluralRules(language)
  const lookup = (key: string): string | undefined => {
    let node: unknown = strings
    for (const part of key.split('.')) {
      if (typeof node !== 'object' || node === null) return undefined
      node = (node as Strings)[part]
    }
    return typeof node === 'string' ? node : undefined
  }
  return (key, values) => {
    const count = values?.count
    const text =
      (typeof count === 'number'
        ? (lookup(`${key}_${plurals.select(count)}`) ?? lookup(`${key}_other`))
        : undefined) ??
      lookup(key) ??
      values?.defaultValue ??
      key
    if (!values) return text
    return text.replace(PLACEHOLDER, (placeholder, name: string) =>
      name in values && values[name] !== undefined ? String(values[name]) : placeholder,
    )
  }
}
