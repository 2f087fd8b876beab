/**
 * A corpus of hostile strings for the text-hardening tests (http/hostile-text.test.ts,
 * projects/hostile-exports.test.ts). `refused` marks the inputs every text field refuses with 400
 * `invalid_text` (DESIGN.md, "Hostile text"): NUL and lone surrogates. Everything else must be taken or
 * refused cleanly (a 2xx or a 4xx with a code), never a 500.
 */
export interface HostileInput {
  name: string
  text: string
  refused: boolean
}

export const hostileCorpus: HostileInput[] = [
  { name: 'NUL inside text', text: 'idée\u0000cachée', refused: true },
  { name: 'NUL alone', text: '\u0000', refused: true },
  { name: 'lone high surrogate', text: 'moitié \ud83d d’emoji', refused: true },
  { name: 'lone low surrogate', text: 'fin \ude00', refused: true },
  { name: 'reversed surrogate pair', text: 'x\ude00\ud83dy', refused: true },
  {
    name: 'C0 controls and ANSI escape',
    text: 'ctl\u0001\u0007\u0008\u000b\u000c\u001b[31mrouge',
    refused: false,
  },
  { name: 'DEL and C1 controls', text: 'del\u007f c1\u0085\u009b fin', refused: false },
  { name: 'tab, LF, CRLF, CR', text: 'tab\tligne\nsuite\r\nfin\rici', refused: false },
  { name: 'line and paragraph separators', text: 'a\u2028b\u2029c', refused: false },
  { name: 'RTL override', text: 'facture\u202egpj.exe', refused: false },
  { name: 'bidi isolates, zero-width, BOM', text: 'a\u200b\u200c\u200d\u2066b\u2069\ufeffc', refused: false },
  { name: 'noncharacters', text: 'non\ufffe\uffffcar', refused: false },
  {
    name: 'combining marks (zalgo)',
    text: 'Z\u0351\u0362\u0334a\u0300\u0301\u0302l\u0303\u0304g\u0305\u0306o',
    refused: false,
  },
  { name: 'decomposed accents', text: 'Cafe\u0301 cre\u0300me', refused: false },
  { name: 'emoji with ZWJ sequences and skin tones', text: '👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 🇧🇿', refused: false },
  {
    name: 'spreadsheet formula =HYPERLINK',
    text: '=HYPERLINK("http://evil.example","clic")',
    refused: false,
  },
  { name: 'formula with + (DDE)', text: "+cmd|'/C calc'!A0", refused: false },
  { name: 'formula with -', text: "-2+3+cmd|'/C calc'!A0", refused: false },
  { name: 'formula with @', text: "@SUM(1+1)*cmd|'/C calc'!A0", refused: false },
  { name: 'script tag', text: '<script>alert(1)</script>', refused: false },
  { name: 'img onerror', text: '<img src=x onerror=alert(1)>"\'&', refused: false },
  { name: 'SQL', text: "'; DROP TABLE accounts; --", refused: false },
  { name: 'template and format strings', text: `\${7*7} {{7*7}} %s %n %00`, refused: false },
  { name: 'JSON prototype keys', text: '{"__proto__":{"admin":true}}', refused: false },
  { name: 'Markdown and pipes', text: '# titre | *gras* [lien](javascript:alert(1))', refused: false },
  { name: 'Breton, Greek, CJK, Arabic', text: 'c’hoari ñ ù — Καλημέρα — 漢字 — مرحبا', refused: false },
  { name: 'spaces only', text: '   ', refused: false },
  { name: 'empty', text: '', refused: false },
  { name: '10,000 ASCII characters', text: 'x'.repeat(10_000), refused: false },
  { name: '10,000 UTF-16 units of emoji', text: '😀'.repeat(5_000), refused: false },
]
