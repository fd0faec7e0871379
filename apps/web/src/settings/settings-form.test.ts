import { DEFAULT_BOARD_SETTINGS, DEFAULT_RULES } from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import {
  allTransitions,
  fromSettingsForm,
  toggleMover,
  toggleRequired,
  toSettingsForm,
} from './settings-form.ts'

describe('settings form', () => {
  it('round-trips the default settings', () => {
    const form = toSettingsForm(DEFAULT_BOARD_SETTINGS)
    expect(fromSettingsForm(form)).toEqual({ ok: true, settings: DEFAULT_BOARD_SETTINGS })
  })

  it('[FIT3] offers the copy’s fit off by default, and saves it on', () => {
    const form = toSettingsForm(DEFAULT_BOARD_SETTINGS)
    expect(form.copyMustFit).toBe(false)
    const saved = fromSettingsForm({ ...form, copyMustFit: true })
    expect(saved.ok && saved.settings.rules.copyMustFit).toBe(true)
  })

  it('shows every transition, and SLA in hours when whole', () => {
    const form = toSettingsForm(DEFAULT_BOARD_SETTINGS)
    expect(allTransitions()).toHaveLength(30)
    expect(form.transitions['plan>strategy']).toEqual(['strategist', 'manager'])
    expect(form.transitions['strategy>calendar']).toEqual([])
    expect(form.sla.crisis).toEqual({ value: '1', unit: 'hours' })
    expect(form.wipLimits.plan).toBe('')
    expect(form.cmWipLimit).toBe('')
  })

  it('turns toggles and numbers into BoardSettings', () => {
    let form = toSettingsForm(DEFAULT_BOARD_SETTINGS)
    form = toggleMover(form, 'strategy>calendar', 'manager')
    form = toggleMover(form, 'calendar>published', 'manager')
    form = toggleRequired(form, 'plan', 'campaign')
    form = {
      ...form,
      wipLimits: { ...form.wipLimits, calendar: '12' },
      cmWipLimit: '5',
      sla: {
        ...form.sla,
        high: { value: '90', unit: 'minutes' },
        low: { value: '1.5', unit: 'hours' },
      },
    }
    const result = fromSettingsForm(form)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.settings.rules.transitions['strategy>calendar']).toEqual(['manager'])
    expect(result.settings.rules.transitions['calendar>published']).toEqual(['cm'])
    expect(result.settings.rules.requiredFields.plan).toEqual(['campaign'])
    expect(result.settings.wipLimits).toEqual({ calendar: 12 })
    expect(result.settings.rules.cmWipLimit).toBe(5)
    expect(result.settings.rules.slaMinutes).toEqual({
      ...DEFAULT_RULES.slaMinutes,
      high: 90,
      low: 90,
    })
  })

  it('drops a transition nobody may make', () => {
    const form = toggleMover(
      toggleMover(toSettingsForm(DEFAULT_BOARD_SETTINGS), 'strategy>plan', 'strategist'),
      'strategy>plan',
      'manager',
    )
    const result = fromSettingsForm(form)
    expect(result.ok && 'strategy>plan' in result.settings.rules.transitions).toBe(false)
  })

  it('reports invalid numbers by path', () => {
    const form = toSettingsForm(DEFAULT_BOARD_SETTINGS)
    const result = fromSettingsForm({
      ...form,
      wipLimits: { ...form.wipLimits, plan: '0' },
      cmWipLimit: 'abc',
      sla: { ...form.sla, crisis: { value: '', unit: 'minutes' } },
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(Object.keys(result.errors).sort()).toEqual([
      'rules.cmWipLimit',
      'rules.slaMinutes.crisis',
      'wipLimits.plan',
    ])
  })
})
