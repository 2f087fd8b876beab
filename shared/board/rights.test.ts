import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { phases } from '../workshop/live-state.ts'
import { type BoardAction, type BoardRole, boardActions, may, type RightsState } from './rights.ts'

/**
 * DESIGN.md shows the rights table as a person reads it; rights.ts is the table the code follows. Every
 * cell of the first is checked against the second here, so the two cannot drift apart.
 */

/** The actions each row of DESIGN.md's table stands for. */
const rowActions: Record<string, BoardAction> = {
  'post a new idea': 'createIdea',
  "edit text, colour or size of one's own idea": 'editOwnIdea',
  "delete one's own idea": 'deleteOwnIdea',
  "edit or delete someone else's idea": 'editOthersIdea',
  'move any idea': 'moveIdea',
  'create a cluster': 'createCluster',
  'rename, move or resize a cluster': 'editCluster',
  'delete a cluster one drew': 'deleteOwnCluster',
  zones: 'editZones',
  annotations: 'annotate',
  "give and take back one's own dots": 'voteOwn',
  "dots in someone else's name": 'voteForOthers',
}

/** The situations each column stands for. */
function columnStates(column: string): { role: BoardRole; state: RightsState }[] {
  const unlocked = (phase: RightsState['phase']) => ({ phase, locked: false })
  const everyPhase = (locked: boolean) => phases.map((phase) => ({ phase, locked }))
  switch (column) {
    case 'participant, ideation':
      return [{ role: 'participant', state: unlocked('ideation') }]
    case 'participant, clustering':
      return [{ role: 'participant', state: unlocked('clustering') }]
    case 'participant, voting':
      return [{ role: 'participant', state: unlocked('voting') }]
    case 'participant, closed or locked':
      return [unlocked('closed'), ...everyPhase(true)].map((state) => ({ role: 'participant', state }))
    case 'facilitator':
      return [...everyPhase(false), ...everyPhase(true)].map((state) => ({ role: 'facilitator', state }))
    case 'observer':
      return [...everyPhase(false), ...everyPhase(true)].map((state) => ({ role: 'observer', state }))
    default:
      throw new Error(`DESIGN.md rights table: unknown column "${column}"`)
  }
}

function rightsTable(): { header: string[]; rows: string[][] } {
  const design = readFileSync(new URL('../../DESIGN.md', import.meta.url), 'utf8')
  const section = design.slice(
    design.indexOf('\n## Rights\n'),
    design.indexOf('\n## ', design.indexOf('\n## Rights\n') + 1),
  )
  const lines = section.split('\n').filter((line) => line.startsWith('|'))
  const cells = (line: string) =>
    line
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim())
  return { header: cells(lines[0]!), rows: lines.slice(2).map(cells) }
}

describe('the rights table of DESIGN.md', () => {
  const { header, rows } = rightsTable()

  it('has a row for every action of rights.ts', () => {
    const named = rows.map(
      ([label]) => Object.entries(rowActions).find(([start]) => label!.startsWith(start))?.[1],
    )
    expect(named).not.toContain(undefined)
    // `deleteOthersCluster` is the facilitator's "any cluster" of the row of one's own clusters.
    expect(new Set([...named, 'deleteOthersCluster'])).toEqual(new Set(boardActions))
  })

  it('says, cell by cell, what rights.ts decides', () => {
    const disagreements: string[] = []
    for (const [label, ...cells] of rows) {
      const action = Object.entries(rowActions).find(([start]) => label!.startsWith(start))![1]
      cells.forEach((cell, index) => {
        const column = header[index + 1]!
        for (const { role, state } of columnStates(column)) {
          const check = (expected: boolean, extra: Partial<RightsState> = {}, which = action) => {
            const actual = may(role, which, { ...state, ...extra })
            if (actual !== expected)
              disagreements.push(
                `${label} / ${column} (${JSON.stringify({ ...state, ...extra })}, ${which}): DESIGN.md says ` +
                  `"${cell}", rights.ts says ${actual}`,
              )
          }
          if (cell.startsWith('while the facilitator allows it')) {
            check(true, { ideasInClustering: true })
            check(false, { ideasInClustering: false })
          } else if (cell.startsWith('yes') || cell === 'no') check(cell.startsWith('yes'))
          else disagreements.push(`${label} / ${column}: "${cell}" is neither yes nor no`)
          // "yes, any cluster": someone else's too.
          if (cell === 'yes, any cluster') check(true, {}, 'deleteOthersCluster')
          if (action === 'deleteOwnCluster' && role !== 'facilitator') check(false, {}, 'deleteOthersCluster')
        }
      })
    }
    expect(disagreements).toEqual([])
  })
})
