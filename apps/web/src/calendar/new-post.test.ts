import { describe, expect, it } from 'vitest'
import { type NewPostValues, parseNewPost } from './new-post.ts'

const values: NewPostValues = {
  title: '  Teaser  ',
  date: '2025-03-31',
  time: '10:00',
  network: 'tiktok',
  assigneeId: 'ana',
  campaign: ' Spring ',
  objective: 'Ventas',
}

describe('the new post form', () => {
  it('reads date and time in the workspace zone', () => {
    const parsed = parseNewPost(values, 'Europe/Madrid')
    expect(parsed).toEqual({
      ok: true,
      input: {
        title: 'Teaser',
        stage: 'calendar',
        network: 'tiktok',
        assigneeId: 'ana',
        // 10:00 CEST
        scheduledAt: '2025-03-31T08:00:00.000Z',
        campaign: 'Spring',
        objective: 'Ventas',
      },
    })
    const mexico = parseNewPost(values, 'America/Mexico_City')
    expect(mexico.ok && mexico.input.scheduledAt).toBe('2025-03-31T16:00:00.000Z')
  })

  it('leaves empty choices empty', () => {
    const parsed = parseNewPost(
      { ...values, network: '', assigneeId: '', campaign: '', objective: '' },
      'UTC',
    )
    expect(parsed.ok && parsed.input).toMatchObject({
      network: null,
      assigneeId: null,
      campaign: null,
      objective: null,
    })
  })

  it('names the fields that are missing or unreadable', () => {
    expect(parseNewPost({ ...values, title: ' ' }, 'UTC')).toEqual({
      ok: false,
      invalid: ['title'],
    })
    expect(parseNewPost({ ...values, date: '2025-02-30' }, 'UTC')).toEqual({
      ok: false,
      invalid: ['date'],
    })
    expect(parseNewPost({ ...values, time: '' }, 'UTC')).toEqual({ ok: false, invalid: ['time'] })
    expect(parseNewPost({ ...values, network: 'myspace' }, 'UTC')).toEqual({
      ok: false,
      invalid: ['network'],
    })
  })
})
