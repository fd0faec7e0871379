/**
 * The `p`-th percentile (0 ≤ p ≤ 1) by the nearest-rank method: the smallest value at least
 * `p` of the values are less than or equal to — the value at rank ⌈p·n⌉ (1-based) of the
 * sorted values, the smallest for p = 0. Always a value that occurred (a median of [1, 2, 3, 4]
 * is 2, not 2.5). null for no values.
 */
export function percentile(values: ArrayLike<number>, p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a percentile is between 0 and 1, not ${p}`)
  if (values.length === 0) return null
  const sorted = Float64Array.from(values).sort()
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!
}
