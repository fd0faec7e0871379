import { describe, expect, it } from 'vitest'
import { csvField, csvFileName, toCsv, UTF8_BOM } from './csv.ts'

describe('csv', () => {
  it('quotes only what needs quoting, and doubles quotes inside', () => {
    expect(csvField('Plan')).toBe('Plan')
    expect(csvField('Campaña, verano')).toBe('"Campaña, verano"')
    expect(csvField('dice "hola"')).toBe('"dice ""hola"""')
    expect(csvField('dos\nlíneas')).toBe('"dos\nlíneas"')
    expect(csvField(' espacio ')).toBe('" espacio "')
    expect(csvField(3.5)).toBe('3.5')
    expect(csvField(-2)).toBe('-2')
    expect(csvField(null)).toBe('')
    expect(csvField(Number.NaN)).toBe('')
  })

  it('keeps a title that starts like a formula from running as one', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvField('+34 600')).toBe("'+34 600")
    expect(csvField('@marca')).toBe("'@marca")
  })

  it('writes a BOM, a header and CRLF lines', () => {
    const csv = toCsv(
      ['Etapa', 'Tarjetas'],
      [
        ['Estrategia', 4],
        ['Calendario', null],
      ],
    )
    expect(csv.startsWith(UTF8_BOM)).toBe(true)
    expect(csv.slice(1)).toBe('Etapa,Tarjetas\r\nEstrategia,4\r\nCalendario,\r\n')
  })

  it('names the file after the board, the table and the day', () => {
    expect(csvFileName('Redes sociales · Otoño 2025', 'Flujo por etapa', '2025-12-01')).toBe(
      'redes-sociales-otono-2025-flujo-por-etapa-2025-12-01.csv',
    )
    expect(csvFileName('✨', 'cfd', '2025-12-01')).toBe('board-cfd-2025-12-01.csv')
  })
})
