import { describe, expect, it } from 'vitest'
import { amountText, formErrors, fromForm, parseAmount, toForm } from './form.ts'

const base = {
  title: 'Projet',
  summary: '',
  priorityCode: 'P1',
  actionCode: null,
  objectives: '',
  expectedOutcomes: '',
  budget: null,
  fundingSources: [],
  scheduleStart: null,
  scheduleEnd: null,
  indicators: [],
  status: 'emerging' as const,
  carrier: null,
  partners: [],
  supportNeeded: '',
  riskToSecure: '',
  evaluation: '',
  evaluationWorked: '',
  evaluationNotWorked: '',
  evaluationLessons: '',
}

describe('record form', () => {
  it('reads French and English amounts', () => {
    expect(parseAmount('12 500,50')).toBe(12500.5)
    expect(parseAmount('12500.5 €')).toBe(12500.5)
    expect(parseAmount('')).toBeNull()
    expect(parseAmount('douze')).toBeNaN()
    expect(amountText(12500.5, 'fr')).toBe('12500,50')
    expect(amountText(3000, 'en')).toBe('3000')
  })

  it('round-trips the record and reports bad numbers and broken rules by field', () => {
    const form = toForm({ ...base, budget: 10.5 }, 'fr')
    expect(fromForm(form).fields).toEqual({ ...base, budget: 10.5 })
    const errors = formErrors({
      ...form,
      budget: 'abc',
      status: 'submitted',
      scheduleStart: '2027-05-01',
      scheduleEnd: '2027-01-01',
    })
    expect(errors.map((e) => `${e.field}:${e.code}`)).toEqual(
      expect.arrayContaining([
        'budget:invalid_number',
        'carrier:required',
        'scheduleEnd:date_order',
        'objectives:required',
      ]),
    )
  })
})
