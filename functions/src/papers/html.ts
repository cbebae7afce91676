/**
 * Papers as printable HTML pages: a complete document, right to left in Arabic, A4 print styles with
 * page numbers from the @page counters and the footer (version and hash) on every printed page.
 * Every string is escaped: a paper carries what users typed (an organisation's name, a motivation).
 */
import type { Paper } from './content.ts';

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A CSS string literal: only what CSS needs escaped, for the @page margin boxes. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f<>]/g, ' ')}"`;
}

export interface HtmlSignature {
  readonly side: string;
  readonly party: string;
  readonly name?: string;
  readonly signedAt?: string;
}

export interface HtmlOptions {
  /** Printed on every page and at the end: the version and the hash. */
  readonly footer: string;
  /** The words around the page counters: ["Page ", " of "] makes "Page 2 of 5". */
  readonly pageWords: readonly [string, string];
  readonly signatures?: {
    readonly heading: string;
    readonly nameLabel: string;
    readonly dateLabel: string;
    readonly signatureLabel: string;
    readonly blocks: readonly HtmlSignature[];
  };
}

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 48rem; padding: 2rem 1.5rem; color: #111; background: #fff;
  font: 11pt/1.6 "Noto Sans", "Segoe UI", Arial, sans-serif; }
html[lang="ar"] body { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", Tahoma, serif; line-height: 1.9; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .4rem; break-after: avoid; }
p { margin: .35rem 0; }
ul { margin: .35rem 0; padding-inline-start: 1.5rem; }
li { margin: .2rem 0; }
.lead p { margin: .1rem 0; color: #333; }
.signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; margin-top: 1rem; break-inside: avoid; }
.signature { border-block-start: 1px solid #999; padding-block-start: .5rem; }
.signature h3 { font-size: 1rem; margin: 0 0 .3rem; }
.signature .line { display: inline-block; min-width: 12rem; border-block-end: 1px solid #444; }
.signature .sign { height: 3.5rem; border-block-end: 1px solid #444; }
footer { margin-top: 2rem; padding-top: .5rem; border-top: 1px solid #999; font-size: .8rem; color: #333;
  overflow-wrap: anywhere; }
@media print {
  body { max-width: none; padding: 0; }
  footer { display: none; }
}
`;

export function renderPaperHtml(paper: Paper, opts: HtmlOptions): string {
  const e = escapeHtml;
  const [before, between] = opts.pageWords;
  const page = `@page { size: A4; margin: 20mm 18mm 24mm;
  @bottom-left { content: ${cssString(paper.dir === 'rtl' ? '' : opts.footer)}; font-size: 7pt; color: #333; }
  @bottom-right { content: ${cssString(paper.dir === 'rtl' ? opts.footer : '')}; font-size: 7pt; color: #333; }
  @bottom-center { content: ${cssString(before)} counter(page) ${cssString(between)} counter(pages); font-size: 8pt; }
}`;
  const sections = paper.sections
    .map((s) => {
      const blocks = s.blocks
        .map((b) =>
          b.kind === 'paragraph'
            ? `<p>${e(b.text)}</p>`
            : `<ul>${b.items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`,
        )
        .join('\n');
      const heading = s.heading ? `<h2>${e(s.heading)}</h2>\n` : '';
      return `<section id="${e(s.id)}">\n${heading}${blocks}\n</section>`;
    })
    .join('\n');
  const sig = opts.signatures;
  const signatures = sig
    ? `<section id="signatures">\n<h2>${e(sig.heading)}</h2>\n<div class="signatures">${sig.blocks
        .map(
          (b) => `<div class="signature">
<h3>${e(b.side)}</h3>
<p>${e(b.party)}</p>
<p>${e(sig.nameLabel)}: ${b.name ? `<strong>${e(b.name)}</strong>` : '<span class="line"></span>'}</p>
<p>${e(sig.dateLabel)}: ${b.signedAt ? e(b.signedAt) : '<span class="line"></span>'}</p>
<p>${e(sig.signatureLabel)}:</p><div class="sign"></div>
</div>`,
        )
        .join('\n')}</div>\n</section>`
    : '';
  const lead = paper.lead?.length
    ? `<div class="lead">${paper.lead.map((l) => `<p>${e(l)}</p>`).join('')}</div>`
    : '';
  return `<!doctype html>
<html lang="${e(paper.lang)}" dir="${paper.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(paper.title)}</title>
<style>${STYLE}${page}</style>
</head>
<body>
<header>
<h1>${e(paper.title)}</h1>
${lead}
</header>
<main>
${sections}
${signatures}
</main>
<footer><p>${e(opts.footer)}</p></footer>
</body>
</html>
`;
}
