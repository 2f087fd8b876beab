import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { duplicateCodes, parseContractFile } from './contract.ts'

const example = new URL('../../e2e/fixtures/contract-example.json', import.meta.url)

describe('parseContractFile', () => {
  it('reads the example contract, keeping only the known fields', async () => {
    const result = parseContractFile(await readFile(example, 'utf8'))
    if (!result.ok) throw new Error(`not read: ${JSON.stringify(result)}`)
    expect(result.contract.title).toBe('Contrat de partenariat Europe – Région – Pays (exemple)')
    expect(result.contract.period).toBe('2021-2027')
    expect(result.contract.priorities.map((p) => p.code)).toEqual(['P1', 'P2', 'P3'])
    expect(result.contract.priorities[1]!.actions.map((a) => a.code)).toEqual(['2.1', '2.2', '2.3'])
    expect(result.contract).not.toHaveProperty('note')
  })
  it('says what is wrong with a file that is not a contract', () => {
    expect(parseContractFile('{not json')).toEqual({ ok: false, problem: 'not_json' })
    expect(parseContractFile('[]')).toEqual({ ok: false, problem: 'not_contract', where: '/' })
    expect(parseContractFile('{"title":"T"}')).toEqual({
      ok: false,
      problem: 'not_contract',
      where: 'priorities',
    })
    expect(
      parseContractFile('{"title":"T","priorities":[{"code":"P1","title":"x","actions":[{"title":"y"}]}]}'),
    ).toEqual({ ok: false, problem: 'not_contract', where: 'priorities[0].actions[0].code' })
  })
  it('accepts a byte-order mark and priorities without actions', () => {
    const result = parseContractFile('\uFEFF{"title":"T","priorities":[{"code":1,"title":"x"}]}')
    expect(result).toEqual({
      ok: true,
      contract: {
        title: 'T',
        territory: '',
        period: '',
        priorities: [{ code: '1', title: 'x', actions: [] }],
      },
    })
  })
})

describe('duplicateCodes', () => {
  it('finds repeated priority codes and repeated action codes within a priority', () => {
    const contract = {
      title: 'T',
      territory: '',
      period: '',
      priorities: [
        {
          code: 'P1',
          title: 'a',
          actions: [
            { code: '1.1', title: 'x' },
            { code: '1.1 ', title: 'y' },
          ],
        },
        { code: 'P1', title: 'b', actions: [] },
      ],
    }
    expect(duplicateCodes(contract).sort()).toEqual(['1.1', 'P1'])
  })
})
