import type { Reviewer, Stage } from '@pauta/domain'
import { createContext, type ReactNode, useContext, useEffect, useId, useState } from 'react'
import { useTranslation } from '../i18n/use-translation.ts'
import { type CsvValue, csvFileName, downloadCsv, toCsv } from './csv.ts'

/** What every table of a dashboard needs to name its CSV file. */
export interface DashboardFrame {
  boardName: string
  /** the workspace's today, 'YYYY-MM-DD' */
  today: string
}

export const DashboardFrameContext = createContext<DashboardFrame>({ boardName: '', today: '' })

export interface Column {
  label: string
  numeric?: boolean
}

export interface Row {
  key: string
  /** the first cell heads the row */
  cells: ReactNode[]
  stage?: Stage
  /** a line of posts waiting for this reviewer's answer */
  reviewer?: Reviewer
  testId?: string
}

/**
 * A table as shown (human durations, marks, links) and as exported (plain numbers, days as
 * decimals), with the same rows in the same order.
 */
export interface TableModel {
  /** stable id: the CSV button's data-table and part of the file name */
  name: string
  title: string
  columns: Column[]
  rows: Row[]
  csv: { header: string[]; rows: CsvValue[][] }
}

export function DataTable({ table, scroll = false }: { table: TableModel; scroll?: boolean }) {
  const { t } = useTranslation()
  const captionId = useId()
  if (table.rows.length === 0)
    return <p className="dash-empty muted">{t('dashboards.table.empty')}</p>
  const body = (
    <table className="dash-table" aria-labelledby={captionId} data-table={table.name}>
      <caption id={captionId} className="visually-hidden">
        {table.title}
      </caption>
      <thead>
        <tr>
          {table.columns.map((column) => (
            <th key={column.label} scope="col" className={column.numeric ? 'num' : undefined}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row) => (
          <tr
            key={row.key}
            data-testid={row.testId}
            data-stage={row.stage}
            data-reviewer={row.reviewer}
          >
            {row.cells.map((cell, i) => {
              const numeric = table.columns[i]?.numeric ? 'num' : undefined
              const key = table.columns[i]?.label ?? i
              return i === 0 ? (
                <th key={key} scope="row" className={numeric}>
                  {cell}
                </th>
              ) : (
                <td key={key} className={numeric}>
                  {cell}
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
    </table>
  )
  return (
    <ScrollBox scroll={scroll} label={t('dashboards.table.scroll', { table: table.title })}>
      {body}
    </ScrollBox>
  )
}

/**
 * The table's box. A long table scrolls in it (`scroll`), and a wide one scrolls sideways on
 * a phone: whenever it does, it is a named region that keyboard users reach by Tab and scroll
 * with the arrows (and otherwise no extra Tab stop).
 */
function ScrollBox({
  scroll,
  label,
  children,
}: {
  scroll: boolean
  label: string
  children: ReactNode
}) {
  const [box, setBox] = useState<HTMLElement | null>(null)
  const overflows = useOverflows(box)
  return (
    <section
      ref={setBox}
      className={`dash-table-wrap${scroll ? ' dash-table-scroll' : ''}`}
      tabIndex={overflows ? 0 : undefined}
      aria-label={overflows ? label : undefined}
    >
      {children}
    </section>
  )
}

/** Whether the element's content is larger than its box, kept up to date as either resizes. */
function useOverflows(element: HTMLElement | null): boolean {
  const [overflows, setOverflows] = useState(false)
  useEffect(() => {
    if (!element) return
    const measure = () =>
      setOverflows(
        element.scrollWidth > element.clientWidth || element.scrollHeight > element.clientHeight,
      )
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    for (const child of element.children) observer.observe(child)
    measure()
    return () => observer.disconnect()
  }, [element])
  return overflows
}

export function CsvButton({ table }: { table: TableModel }) {
  const { t } = useTranslation()
  const { boardName, today } = useContext(DashboardFrameContext)
  const save = () =>
    downloadCsv(
      csvFileName(boardName, t(`dashboards.csvNames.${table.name}`), today),
      toCsv(table.csv.header, table.csv.rows),
    )
  return (
    <button
      type="button"
      className="button subtle small dash-csv"
      data-testid="dashboard-csv"
      data-table={table.name}
      aria-label={t('dashboards.table.csvLabel', { table: table.title })}
      onClick={save}
    >
      {t('dashboards.table.csv')}
    </button>
  )
}

/**
 * One section of a dashboard: a heading, what it shows, and its numbers as a table with an
 * export; a chart beside the table when there is one. The chart is for the eye only: the table
 * holds the same numbers for everyone, screen readers included.
 */
export function Panel({
  title,
  hint,
  table,
  chart,
  scrollTable = false,
  stacked = false,
  children,
  testId,
}: {
  title: string
  hint?: string
  table?: TableModel
  chart?: ReactNode
  scrollTable?: boolean
  /** the chart above a table too wide to sit beside it */
  stacked?: boolean
  children?: ReactNode
  testId?: string
}) {
  const headingId = useId()
  const hasChart = chart !== undefined && table !== undefined && table.rows.length > 0
  return (
    <section className="dash-panel" aria-labelledby={headingId} data-testid={testId}>
      <header className="dash-panel-header">
        <h3 id={headingId}>{title}</h3>
        {table && table.rows.length > 0 && <CsvButton table={table} />}
      </header>
      {hint && <p className="muted small dash-hint">{hint}</p>}
      {children}
      {table && (
        <div
          className={`dash-panel-body${hasChart ? ' with-chart' : ''}${stacked ? ' stacked' : ''}`}
        >
          {hasChart && (
            <div className="dash-chart" aria-hidden="true">
              {chart}
            </div>
          )}
          <DataTable table={table} scroll={scrollTable} />
        </div>
      )}
    </section>
  )
}
