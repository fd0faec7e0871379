import type { Card } from '@pauta/domain'
import { sampleCard } from '@pauta/domain/testing'
import { describe, expect, it } from 'vitest'
import { type CardFormValues, parseCardForm, parseTags, toFormValues } from './card-form.ts'

const card: Card = sampleCard({
  id: 'c1',
  title: 'Launch teaser',
  description: 'Short video',
  copy: 'Something is coming 👀 #launch',
  stage: 'calendar',
  network: 'instagram',
  assigneeId: 'u2',
  scheduledAt: '2026-11-23T15:30:00.000Z',
  tags: ['launch', 'video'],
  campaign: 'Black Friday',
  createdAt: '2026-11-01T00:00:00.000Z',
  createdBy: 'u1',
})

const MX = 'America/Mexico_City'

describe('card form', () => {
  it('shows and reads the scheduled time on the workspace’s clock, not the device’s', () => {
    expect(toFormValues(card, MX).scheduledAt).toBe('2026-11-23T09:30')
    expect(toFormValues(card, 'Europe/Madrid').scheduledAt).toBe('2026-11-23T16:30')
    const typed = parseCardForm({ ...toFormValues(card, MX), scheduledAt: '2026-11-23T11:43' }, MX)
    expect(typed.ok && typed.edit.scheduledAt).toBe('2026-11-23T17:43:00.000Z')
  })

  it('splits comma-separated tags and drops empty ones', () => {
    expect(parseTags(' launch, ,video ,launch')).toEqual(['launch', 'video', 'launch'])
  })

  it('turns the form back into an edit the domain schema accepts', () => {
    const values: CardFormValues = {
      ...toFormValues(card, MX),
      tags: 'launch, video, launch',
      objective: ' Ventas ',
    }
    const parsed = parseCardForm(values, MX)
    expect(parsed).toEqual({
      ok: true,
      edit: {
        title: 'Launch teaser',
        copy: 'Something is coming 👀 #launch',
        description: 'Short video',
        network: 'instagram',
        scheduledAt: '2026-11-23T15:30:00.000Z',
        assigneeId: 'u2',
        tags: ['launch', 'video'],
        campaign: 'Black Friday',
        objective: 'Ventas',
      },
    })
  })

  it('clears optional fields with null', () => {
    const parsed = parseCardForm(
      {
        ...toFormValues(card, MX),
        network: '',
        scheduledAt: '',
        assigneeId: '',
        tags: '',
        campaign: '  ',
        objective: '',
      },
      MX,
    )
    expect(parsed.ok && parsed.edit).toMatchObject({
      network: null,
      scheduledAt: null,
      assigneeId: null,
      tags: [],
      campaign: null,
      objective: null,
    })
  })

  it('reports field errors as translatable keys', () => {
    const parsed = parseCardForm(
      {
        ...toFormValues(card, MX),
        title: '   ',
        scheduledAt: 'soon',
        tags: 'x'.repeat(41),
      },
      MX,
    )
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.errors.title).toEqual({ key: 'errors.titleRequired' })
    expect(parsed.errors.scheduledAt).toEqual({ key: 'errors.invalidDate' })
    expect(parsed.errors.tags).toEqual({ key: 'errors.tagTooLong', values: { max: 40 } })
  })
})
