import type { Stage } from './stages.ts'
import { z } from './zod.ts'

/** The languages a calendar feed is written in (the app's). */
export const FEED_LANGUAGES = ['es', 'en'] as const
export type FeedLanguage = (typeof FEED_LANGUAGES)[number]
export const feedLanguageSchema = z.enum(FEED_LANGUAGES)

export interface FeedLabels {
  board: string
  stage: string
  campaign: string
  published: string
  /** "When", before the time on the workspace's clock */
  when: string
  stages: Record<Stage, string>
}

/** A feed's words: the same stage names the app shows. */
export const FEED_LABELS: Record<FeedLanguage, FeedLabels> = {
  es: {
    board: 'Tablero',
    stage: 'Etapa',
    campaign: 'Campaña',
    published: 'Publicada',
    when: 'Hora',
    stages: {
      strategy: 'Estrategia',
      plan: 'Plan',
      calendar: 'Calendario',
      published: 'Publicado',
      monitored: 'Monitoreado',
      escalated: 'Escalado',
    },
  },
  en: {
    board: 'Board',
    stage: 'Stage',
    campaign: 'Campaign',
    published: 'Published',
    when: 'When',
    stages: {
      strategy: 'Strategy',
      plan: 'Plan',
      calendar: 'Calendar',
      published: 'Published',
      monitored: 'Monitored',
      escalated: 'Escalated',
    },
  },
}

/**
 * "martes, 24 de noviembre de 2026, 11:43 (America/Mexico City)": an instant on the
 * workspace's clock, named, for a calendar app that shows it on the subscriber's.
 */
export function feedTime(at: Date, language: FeedLanguage, timeZone: string): string {
  let text: string
  try {
    text = new Intl.DateTimeFormat(language, {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone,
    }).format(at)
  } catch {
    return feedTime(at, language, 'UTC')
  }
  return `${text} (${timeZone.replaceAll('_', ' ')})`
}
