import type { Stage } from '@pauta/domain'
import { useTranslation } from '../../i18n/use-translation.ts'
import type { FilteredColumn } from './filtered-columns.ts'

/**
 * A column's count: its cards, against its WIP limit when it has one ("12 / 10"). Under a
 * filter it reads matching of total ("3 of 12", worded so as not to read as a limit); the limit is still weighed against every card
 * of the stage, not the ones that match: the pill stays red while the stage is over it, and its
 * title names the limit.
 */
export function ColumnCount({
  stage,
  limit,
  column,
}: {
  stage: Stage
  limit: number | null
  column: FilteredColumn
}) {
  const { t } = useTranslation()
  const { total, filtering } = column
  const over = limit !== null && total > limit
  const wip =
    limit === null
      ? t('board.count', { count: total })
      : t(over ? 'board.wipOver' : 'board.wip', { count: total, limit })
  const className = `column-count${over ? ' over' : ''}${filtering ? ' is-filtered' : ''}`
  if (!filtering)
    return (
      <span className={className} data-testid={`column-count-${stage}`} title={wip}>
        {limit === null ? total : `${total} / ${limit}`}
      </span>
    )
  const matching = column.ids.length
  return (
    <span
      className={className}
      data-testid={`column-count-${stage}`}
      data-matching={matching}
      data-total={total}
      title={`${t('boardFilters.matching', { matching, total })} · ${wip}`}
    >
      {t('boardFilters.countOf', { matching, total })}
    </span>
  )
}
