import type { Fiche, FicheBlock } from './fiche.ts'

/** Escapes what Markdown would read as markup, so a participant's text prints as written. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`)
    .replace(/^([#+-]|\d+\.)(\s)/, '\\$1$2')
    .replace(/\r?\n/g, ' ')
}

function block(b: FicheBlock): string {
  switch (b.kind) {
    case 'paragraph':
      return escapeMarkdown(b.text)
    case 'list':
      return b.items.map((item) => `- ${escapeMarkdown(item)}`).join('\n')
    case 'facts':
      return b.facts
        .map(([label, value]) => `- **${escapeMarkdown(label)}** : ${escapeMarkdown(value)}`)
        .join('\n')
    case 'table': {
      const row = (cells: string[]) => `| ${cells.map((c) => escapeMarkdown(c) || ' ').join(' | ')} |`
      return [row(b.header), `|${b.header.map(() => ' --- ').join('|')}|`, ...b.rows.map(row)].join('\n')
    }
  }
}

/** The fiche as CommonMark with GFM tables. */
export function ficheToMarkdown(fiche: Fiche): string {
  const parts = [
    `*${escapeMarkdown(fiche.kicker)}*`,
    `# ${escapeMarkdown(fiche.title)}`,
    block({ kind: 'facts', facts: fiche.facts }),
    ...fiche.sections.flatMap((s) => [`## ${escapeMarkdown(s.heading)}`, ...s.blocks.map(block)]),
    '---',
    `*${escapeMarkdown(fiche.footer)}*`,
  ]
  return `${parts.join('\n\n')}\n`
}
