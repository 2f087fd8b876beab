import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Every reference to a document in the repository leads somewhere real: a relative Markdown link to a
 * file that exists (and a heading of it, for `#anchor`), a `*.md` path named in a document or in a code
 * comment to a file inside the repository, a heading named after it (`DESIGN.md, "Rights"`) to a
 * heading of that file, and no "section N" of a document whose headings are not numbered (they were
 * the sections of a design document kept outside the repository).
 */

const root = resolve(import.meta.dirname)
const skipped = new Set([
  'node_modules',
  'dist',
  '.git',
  'data',
  'unstored',
  'backups',
  'artifacts',
  'results',
])
const checked = /\.(md|ts|tsx|css|html|ya?ml)$|^Dockerfile$/

function repositoryFiles(dir = root): string[] {
  const files: string[] = []
  for (const name of readdirSync(dir)) {
    // This file's own probes name documents that do not exist, on purpose.
    if (skipped.has(name) || name.startsWith('.') || name === 'doc-references.test.ts') continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) files.push(...repositoryFiles(path))
    else if (checked.test(name)) files.push(path)
  }
  return files
}

/** The text a reference may sit in: a whole Markdown file, or each comment of a code file, unwrapped. */
function passages(file: string, text: string): string[] {
  if (file.endsWith('.md')) return [text]
  const comments: string[] = []
  for (const match of text.matchAll(
    /\/\*[\s\S]*?\*\/|(?:^|[^:'"`\\])\/\/[^\n]*(?:\n\s*\/\/[^\n]*)*|^\s*#[^\n]*/gm,
  ))
    comments.push(match[0].replace(/^\s*(\/\*+|\*\/|\*|\/\/|#)/gm, ' ').replace(/\*\//g, ' '))
  return comments
}

/** Headings of a Markdown file, as written (without `#`, backticks and trailing spaces). */
function headingsOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .replace(/```[\s\S]*?```/g, '')
    .split('\n')
    .filter((line) => /^#{1,6}\s/.test(line))
    .map((line) =>
      line
        .replace(/^#+\s+/, '')
        .replaceAll('`', '')
        .trim(),
    )
}

/** GitHub's anchor for a heading. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replaceAll(' ', '-')
}

const inside = (path: string) => path === root || path.startsWith(root + sep)

/** The repository file a `*.md` name points to, from `file`: beside it, else from the root. */
function resolveDocument(file: string, name: string): string | undefined {
  for (const base of [dirname(file), root]) {
    const path = resolve(base, name)
    if (inside(path) && existsSync(path)) return path
  }
  return undefined
}

interface Problem {
  where: string
  reference: string
  why: string
}

function problemsIn(file: string, text: string): Problem[] {
  const where = relative(root, file)
  const problems: Problem[] = []
  const note = (reference: string, why: string) => problems.push({ where, reference, why })

  if (file.endsWith('.md')) {
    const prose = text.replace(/```[\s\S]*?```/g, '')
    for (const [, target] of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target!)) continue
      const [path, anchor] = target!.split('#') as [string, string | undefined]
      const resolved = path === '' ? file : resolve(dirname(file), decodeURI(path))
      if (!inside(resolved)) note(target!, 'leads outside the repository')
      else if (!existsSync(resolved)) note(target!, 'no such file')
      else if (anchor && resolved.endsWith('.md') && !headingsOf(resolved).some((h) => slug(h) === anchor))
        note(target!, `no heading #${anchor} in ${relative(root, resolved)}`)
    }
  }

  for (const passage of passages(file, text)) {
    const flat = passage.replace(/\s+/g, ' ')
    for (const match of flat.matchAll(/(?<![\w/.-])((?:\.{1,2}\/)*(?:[\w-][\w.-]*\/)*[\w-][\w.-]*\.md)\b/g)) {
      const name = match[1]!
      const document = resolveDocument(file, name)
      if (!document) {
        note(name, 'no such file in the repository')
        continue
      }
      // What follows the name: `, "Heading"`, ` ("Heading", "Other")`, ` section 3`.
      const after = flat.slice(match.index! + name.length)
      const section = after.match(/^[\s,(]*sections?\s+(\d+)/i)
      const headings = headingsOf(document)
      if (section && !headings.some((h) => h.startsWith(`${section[1]}.`) || h.startsWith(`${section[1]} `)))
        note(
          `${name} section ${section[1]}`,
          `${relative(root, document)} has no numbered section ${section[1]}`,
        )
      const quoted = after.match(
        /^[\s,(]*(?:sections?\s+\d+[\s,]*)?((?:["“][^"”]{1,80}["”](?:,?\s*(?:and\s+)?)?)+)/,
      )
      for (const [, title] of quoted?.[1]?.matchAll(/["“]([^"”]+)["”]/g) ?? []) {
        if (!headings.some((h) => h.toLowerCase() === title!.trim().toLowerCase()))
          note(`${name} "${title}"`, `no heading "${title}" in ${relative(root, document)}`)
      }
    }
    // An absolute path to a document or a data file: somewhere on one machine, not in the repository.
    for (const match of flat.matchAll(/(?<![\w.:/-])\/(?!api\/)(?:[\w.-]+\/)+[\w.-]+\.(?:md|json)\b/g))
      note(match[0], 'an absolute path: name the file in the repository instead')
    for (const match of flat.matchAll(/\bsections?\s+\d+(?:\.\d+)?\s+of\s+(?:the\s+)?design\b/gi))
      note(match[0], 'a section of a design document outside the repository')
  }
  return problems
}

describe('references to documents', () => {
  const files = repositoryFiles()

  it('finds the documents and the code', () => {
    const names = files.map((f) => relative(root, f))
    for (const name of ['README.md', 'DESIGN.md', 'ARCHITECTURE.md', join('server', 'main.ts')])
      expect(names).toContain(name)
  })

  it('lead to files and headings that exist in the repository', () => {
    const problems = files.flatMap((file) => problemsIn(file, readFileSync(file, 'utf8')))
    expect(
      problems.map((p) => `${p.where}: ${p.reference}: ${p.why}`),
      'Fix the reference, or add the file or heading it names.',
    ).toEqual([])
  })

  it('catch what they are meant to catch', () => {
    const check = (text: string) =>
      problemsIn(join(root, 'server', 'probe.ts'), text).map((p) => `${p.reference}: ${p.why}`)
    expect(check('/** See ../shared/DESIGN.md. */')).toEqual([
      '../shared/DESIGN.md: no such file in the repository',
    ])
    expect(check('/** (DESIGN.md\n * section 7, "Data life", "Nowhere") */')).toEqual([
      'DESIGN.md section 7: DESIGN.md has no numbered section 7',
      'DESIGN.md "Nowhere": no heading "Nowhere" in DESIGN.md',
    ])
    expect(check('/** shaped like /work/shared/data/contract-example.json */')).toEqual([
      '/work/shared/data/contract-example.json: an absolute path: name the file in the repository instead',
    ])
    expect(check('// as section 7 of the design says')).toEqual([
      'section 7 of the design: a section of a design document outside the repository',
    ])
    expect(check('/** DESIGN.md, "Rights" and "Secret ballot"; RFC 6455, section 5.2 */')).toEqual([])
    expect(check("const name = 'notes.md' // a file name in code, not a reference")).toEqual([])
    const markdown = join(root, 'probe.md')
    expect(
      problemsIn(
        markdown,
        'See [the design](DESIGN.md#rights), [nothing](docs/none.md) and [up](../x.md).',
      ).map((p) => `${p.reference}: ${p.why}`),
    ).toEqual([
      'docs/none.md: no such file',
      '../x.md: leads outside the repository',
      'docs/none.md: no such file in the repository',
      '../x.md: no such file in the repository',
    ])
  })
})
