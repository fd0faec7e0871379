import type { ReactNode } from 'react'

/** One column of a `RevocableTable`: its heading and what each row shows in it. */
interface Column<T> {
  header: string
  cell: (item: T) => ReactNode
}

/**
 * Links and tokens that work until revoked (API tokens, calendar feeds): one row each, its
 * columns, then its Revoke button.
 */
export function RevocableTable<T extends { id: string }>({
  items,
  columns,
  rowTestId,
  revoke,
}: {
  items: readonly T[]
  columns: readonly Column<T>[]
  rowTestId: string
  revoke: {
    label: string
    testId: string
    /** the button's name when "Revoke" alone would not say which row it revokes */
    ariaLabel?: (item: T) => string
    disabled: boolean
    /** rows with nothing left to revoke (revoked already, expired) show no button */
    spent?: (item: T) => boolean
    onRevoke: (item: T) => void
  }
}) {
  return (
    <table className="token-table">
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.header} scope="col">
              {column.header}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">{revoke.label}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id} data-testid={rowTestId}>
            {columns.map((column) => (
              <td key={column.header}>{column.cell(item)}</td>
            ))}
            <td>
              {!revoke.spent?.(item) && (
                <button
                  type="button"
                  className="button danger subtle"
                  data-testid={revoke.testId}
                  aria-label={revoke.ariaLabel?.(item)}
                  disabled={revoke.disabled}
                  onClick={() => revoke.onRevoke(item)}
                >
                  {revoke.label}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
