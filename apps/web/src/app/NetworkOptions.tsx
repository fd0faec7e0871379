import { NETWORKS } from '@pauta/domain'
import { useTranslation } from '../i18n/use-translation.ts'

/** The options of a network select: `empty` for no choice, then every network by name. */
export function NetworkOptions({ empty }: { empty: string }) {
  const { t } = useTranslation()
  return (
    <>
      <option value="">{empty}</option>
      {NETWORKS.map((network) => (
        <option key={network} value={network}>
          {t(`networks.${network}`)}
        </option>
      ))}
    </>
  )
}
