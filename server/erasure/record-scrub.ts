import type { LooseIdeas, Provenance, ProvenanceIdea } from '../../shared/projects/record.ts'

/**
 * Erasure in what conversion copied out of a board: project records' provenance and history, and the
 * board snapshots kept at each conversion (their records, ballot and loose ideas as JSON). Pure
 * functions: each returns the new value, or null when the value holds nothing of the erased people.
 */

/** Who is erased, as one workshop's copies name them. */
export interface RecordErasure {
  /** Their actor ids (guest or user ids). */
  actorIds: ReadonlySet<string>
  /**
   * Their display names as they stand alone in a value (a contributor, a history's author): only the
   * names nobody else of the workshop bears, so that erasing one "Marie" leaves the other's credit.
   */
  names: ReadonlySet<string>
  /** Ideas of theirs by id (their ideas in an anonymous workshop carry no author). */
  ideaIds: ReadonlySet<string>
  /** Take their ideas out rather than crediting them to nobody. */
  removeIdeas: boolean
  /** The credit their ideas keep (ERASED_AUTHOR_NAME). */
  label: string
}

export function isTheirs(idea: Pick<ProvenanceIdea, 'id' | 'authorId'>, erasure: RecordErasure): boolean {
  return erasure.actorIds.has(idea.authorId) || erasure.ideaIds.has(idea.id)
}

/** Ideas of a record or of the loose ideas: theirs re-credited (an empty credit stays empty) or taken out. */
export function scrubIdeas(ideas: ProvenanceIdea[], erasure: RecordErasure): ProvenanceIdea[] | null {
  let changed = false
  const out: ProvenanceIdea[] = []
  for (const idea of ideas) {
    if (!isTheirs(idea, erasure)) {
      out.push(idea)
      continue
    }
    changed = true
    if (erasure.removeIdeas) continue
    out.push({ ...idea, authorId: '', authorName: idea.authorName === '' ? '' : erasure.label })
  }
  return changed ? out : null
}

/** A record's provenance without the erased people; null when it named none of them. */
export function scrubProvenance(provenance: Provenance, erasure: RecordErasure): Provenance | null {
  const ideas = scrubIdeas(provenance.ideas, erasure)
  const contributors = scrubNames(provenance.contributors, erasure)
  if (!ideas && !contributors) return null
  const next: Provenance = { ...provenance, ideas: ideas ?? provenance.ideas }
  if (contributors) next.contributors = contributors
  if (ideas && erasure.removeIdeas) {
    // The dots given to ideas taken out no longer count for the record.
    const ideaDots = next.ideas.reduce((sum, idea) => sum + idea.dots, 0)
    if (provenance.ideaDots !== undefined) next.ideaDots = ideaDots
    next.totalDots = (provenance.clusterDots ?? 0) + ideaDots
  }
  return next
}

/**
 * A list of names (contributors) with the erased ones replaced by the label, once; taken out when their
 * ideas are. Null when no name was theirs.
 */
export function scrubNames(names: string[], erasure: RecordErasure): string[] | null {
  if (!names.some((name) => erasure.names.has(name.trim()))) return null
  const out: string[] = []
  for (const name of names) {
    const kept = erasure.names.has(name.trim()) ? (erasure.removeIdeas ? null : erasure.label) : name
    if (kept !== null && !out.includes(kept)) out.push(kept)
  }
  return out
}

/**
 * Any JSON value (a history entry's old or new value) with every string that is an erased id emptied,
 * every string that is an erased name replaced by the label, and the texts of ideas taken out removed
 * from drafts (withoutIdeaTexts). Whole strings only for names: a name inside someone's text is that
 * person's text. Null when nothing matched.
 */
export function scrubJson(
  value: unknown,
  erasure: RecordErasure,
  removedTexts: ReadonlySet<string> = new Set(),
): unknown {
  let changed = false
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      if (erasure.actorIds.has(node)) {
        changed = true
        return ''
      }
      if (erasure.names.has(node.trim())) {
        changed = true
        return erasure.label
      }
      const text = withoutIdeaTexts(node, removedTexts)
      if (text !== null) {
        changed = true
        return text
      }
      return node
    }
    if (Array.isArray(node)) {
      const before = changed
      changed = false
      const items = node.map(walk)
      const here = changed
      changed = before || here
      // A list of names (contributors) keeps the label once.
      return here && items.every((item) => typeof item === 'string') ? [...new Set(items)] : items
    }
    if (typeof node === 'object' && node !== null) {
      const out: Record<string, unknown> = {}
      for (const [key, child] of Object.entries(node)) {
        const newKey = erasure.actorIds.has(key) ? '' : key
        if (newKey !== key) changed = true
        out[newKey] = walk(child)
      }
      return out
    }
    return node
  }
  const result = walk(value)
  return changed ? result : null
}

/** Texts of their ideas (`removeIdeas`), as the values below hold them. */
export function ideaTexts(ideas: readonly { text?: unknown }[]): string[] {
  return ideas.map((idea) => (typeof idea.text === 'string' ? idea.text.trim() : '')).filter(Boolean)
}

/**
 * A text that conversion drafted from ideas (a summary, objectives) or a person edited after it, without
 * the ideas taken out: the draft's own forms of an idea (an objectives line "- text", the summary's
 * "Idée la plus soutenue : « text »") and a line that is the idea alone. Other mentions are a person's
 * own writing and stay. Null when nothing changed.
 */
export function withoutIdeaTexts(value: string, texts: ReadonlySet<string>): string | null {
  if (texts.size === 0) return null
  let next = value
  for (const text of texts) {
    next = next.split(` Idée la plus soutenue : « ${text} ».`).join('')
    next = next.split(`« ${text} »`).join('« … »')
  }
  next = next
    .split('\n')
    .filter((line) => {
      const trimmed = line.trim()
      return !(texts.has(trimmed) || (trimmed.startsWith('- ') && texts.has(trimmed.slice(2).trim())))
    })
    .join('\n')
  return next === value ? null : next
}

/** The loose ideas of a snapshot without the erased people; null when they had none. */
export function scrubLooseIdeas(loose: LooseIdeas, erasure: RecordErasure): LooseIdeas | null {
  let changed = false
  const zones = loose.zones.map((zone) => {
    const ideas = scrubIdeas(zone.ideas, erasure)
    if (!ideas) return zone
    changed = true
    return { ...zone, ideas }
  })
  return changed ? { ...loose, zones } : null
}

/**
 * A snapshot's records (id → tldraw record) without the erased people: their ideas re-credited or taken
 * out (with the arrows bound to them). Returns the new records and the ideas taken out; null when none
 * was theirs.
 */
export function scrubSnapshotRecords(
  records: Record<string, unknown>,
  erasure: RecordErasure,
): { records: Record<string, unknown>; removed: Set<string> } | null {
  const removed = new Set<string>()
  const out: Record<string, unknown> = {}
  let changed = false
  for (const [id, value] of Object.entries(records)) {
    const record = value as { typeName?: string; type?: string; props?: Record<string, unknown> }
    const idea = record?.typeName === 'shape' && record.type === 'idea' && record.props
    if (idea && isTheirs({ id, authorId: String(record.props!.authorId ?? '') }, erasure)) {
      changed = true
      if (erasure.removeIdeas) {
        removed.add(id)
        continue
      }
      const authorName = record.props!.authorName === '' ? '' : erasure.label
      out[id] = { ...record, props: { ...record.props, authorId: '', authorName } }
      continue
    }
    out[id] = value
  }
  if (!changed) return null
  for (const [id, value] of Object.entries(out)) {
    const binding = value as { typeName?: string; fromId?: string; toId?: string }
    if (
      binding?.typeName === 'binding' &&
      (removed.has(String(binding.fromId)) || removed.has(String(binding.toId)))
    )
      delete out[id]
  }
  return { records: out, removed }
}

/**
 * A snapshot's ballot (voter → target → dots) with each erased voter under a new id that names nobody
 * (`newVoterId`), so the totals stay; dots on ideas taken out are dropped. Null when unchanged.
 */
export function scrubBallot(
  votes: Record<string, Record<string, number>>,
  erasure: RecordErasure,
  removedIdeas: ReadonlySet<string>,
  newVoterId: (actorId: string) => string,
): Record<string, Record<string, number>> | null {
  let changed = false
  const out: Record<string, Record<string, number>> = {}
  for (const [voter, given] of Object.entries(votes)) {
    const key = erasure.actorIds.has(voter) ? newVoterId(voter) : voter
    if (key !== voter) changed = true
    const kept = Object.fromEntries(Object.entries(given).filter(([target]) => !removedIdeas.has(target)))
    if (Object.keys(kept).length !== Object.keys(given).length) changed = true
    if (Object.keys(kept).length > 0) out[key] = kept
  }
  return changed ? out : null
}
