/**
 * Papers as PDF with pdfkit, Arabic shaped and joined by pdfkit's own shaper (fontkit).
 *
 * The fonts are the fontsource subsets, read from node_modules: Noto Naskh Arabic has no Latin letters
 * or digits in its `arabic` file, and Noto Sans none of the Arabic ones, so each line is cut into runs
 * by direction (a small form of the Unicode bidi algorithm: strong letters, neutrals resolved by their
 * neighbours), each run into pieces by the font that has its characters, and the pieces are placed from
 * left to right in visual order. An Arabic piece is handed to pdfkit in logical order as one run, and
 * fontkit reverses and joins it; reordering it ourselves first would reverse it twice.
 *
 * No native module: pdfkit, fontkit and the fonts are plain JavaScript and files. A Lambda bundle has to
 * ship the .woff files named in FONT_FILES (a copy into the bundle, then PAPER_FONT_DIR pointing at it).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import type { Paper } from './content.ts';

type FontKey = 'arabic' | 'latin' | 'latinExt';
type Weight = 'regular' | 'bold';

/** The font files, by script and weight, in their fontsource packages. */
export const FONT_FILES: Readonly<Record<FontKey, Readonly<Record<Weight, readonly [string, string]>>>> = {
  arabic: {
    regular: ['@fontsource/noto-naskh-arabic', 'noto-naskh-arabic-arabic-400-normal.woff'],
    bold: ['@fontsource/noto-naskh-arabic', 'noto-naskh-arabic-arabic-700-normal.woff'],
  },
  latin: {
    regular: ['@fontsource/noto-sans', 'noto-sans-latin-400-normal.woff'],
    bold: ['@fontsource/noto-sans', 'noto-sans-latin-700-normal.woff'],
  },
  latinExt: {
    regular: ['@fontsource/noto-sans', 'noto-sans-latin-ext-400-normal.woff'],
    bold: ['@fontsource/noto-sans', 'noto-sans-latin-ext-700-normal.woff'],
  },
};

let fontCache: Map<string, Buffer> | undefined;

/** The font files' bytes, read once per process (a warm Lambda keeps them). */
function fonts(): Map<string, Buffer> {
  if (fontCache) return fontCache;
  const dir = process.env.PAPER_FONT_DIR;
  const require = createRequire(import.meta.url);
  const cache = new Map<string, Buffer>();
  for (const [key, weights] of Object.entries(FONT_FILES)) {
    for (const [weight, [pkg, file]] of Object.entries(weights)) {
      const path = dir ? join(dir, file) : require.resolve(`${pkg}/files/${file}`);
      cache.set(`${key}-${weight}`, woffToSfnt(readFileSync(path)));
    }
  }
  fontCache = cache;
  return cache;
}

let firstFontFile: string | undefined;
/**
 * The document's first font as a file: pdfkit's options name it by path only (and without one it reads
 * Helvetica's metrics from its own folder, which a bundle lacks). Written once per process, to the
 * temporary folder Lambda has too.
 */
function firstFontPath(files: Map<string, Buffer>): string {
  if (firstFontFile) return firstFontFile;
  const bytes = files.get('latin-regular');
  if (!bytes) throw new Error('The Latin font of the papers is missing.');
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-fonts-'));
  const path = join(dir, 'latin-regular.ttf');
  writeFileSync(path, bytes);
  firstFontFile = path;
  return path;
}

/**
 * A WOFF 1 file as the plain OpenType font inside it. fontkit reads WOFF, but inflates a table again
 * at each access, in JavaScript: seconds per Arabic page. Inflated once here, with zlib, it is not.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) return woff; // not 'wOFF': already a plain font
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i += 1) {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    tables.push({
      tag: woff.readUInt32BE(at),
      checksum: woff.readUInt32BE(at + 16),
      data: compLength < origLength ? inflateSync(raw) : Buffer.from(raw),
    });
  }
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + 16 * numTables);
  header.writeUInt32BE(woff.readUInt32BE(4), 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - searchRange, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  tables.forEach((t, i) => {
    header.writeUInt32BE(t.tag, 12 + i * 16);
    header.writeUInt32BE(t.checksum, 16 + i * 16);
    header.writeUInt32BE(offset, 20 + i * 16);
    header.writeUInt32BE(t.data.length, 24 + i * 16);
    const padded = Buffer.alloc(Math.ceil(t.data.length / 4) * 4);
    t.data.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...bodies]);
}

// ---------------------------------------------------------------- scripts and directions

const inRanges = (cp: number, ranges: readonly (readonly [number, number])[]) =>
  ranges.some(([a, b]) => cp >= a && cp <= b);

/** What the Arabic subset draws (its unicode-range), besides the spaces both fonts have. */
const ARABIC_FONT: readonly (readonly [number, number])[] = [
  [0x0600, 0x06ff],
  [0x0750, 0x077f],
  [0x0870, 0x08ff],
  [0xfb50, 0xfdff],
  [0xfe70, 0xfefc],
];
const LATIN_FONT: readonly (readonly [number, number])[] = [
  [0x0000, 0x00ff],
  [0x0131, 0x0131],
  [0x0152, 0x0153],
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x20ac, 0x20ac],
  [0x2122, 0x2122],
];
const LATIN_EXT_FONT: readonly (readonly [number, number])[] = [
  [0x0100, 0x02ff],
  [0x1e00, 0x1eff],
  [0x20a0, 0x20c0],
];

const RTL_LETTERS: readonly (readonly [number, number])[] = [
  [0x0590, 0x08ff],
  [0xfb1d, 0xfdff],
  [0xfe70, 0xfefc],
  [0x200f, 0x200f],
];
const LTR_LETTERS: readonly (readonly [number, number])[] = [
  [0x0030, 0x0039],
  [0x0041, 0x005a],
  [0x0061, 0x007a],
  [0x00aa, 0x00aa],
  [0x00b5, 0x00b5],
  [0x00ba, 0x00ba],
  [0x00c0, 0x00d6],
  [0x00d8, 0x00f6],
  [0x00f8, 0x02ff],
  [0x0370, 0x058f],
  [0x1e00, 0x1fff],
  [0x200e, 0x200e],
];
/** Arabic punctuation and digits (neutral or weak in the bidi algorithm) that read as Arabic here. */
const ARABIC_NEUTRAL = new Set([0x060c, 0x061b, 0x061f, 0x066a, 0x066b, 0x066c, 0x06d4]);

type Dir = 'L' | 'R';
function strength(cp: number): Dir | undefined {
  if (ARABIC_NEUTRAL.has(cp)) return 'R';
  if (inRanges(cp, RTL_LETTERS)) return 'R';
  // Digits are weak in the bidi algorithm, but a number is always laid out left to right: treating
  // them as strong left-to-right gives the same runs for the text of these papers.
  if (inRanges(cp, LTR_LETTERS)) return 'L';
  return undefined;
}

const MIRROR: Record<string, string> = {
  '(': ')',
  ')': '(',
  '[': ']',
  ']': '[',
  '{': '}',
  '}': '{',
  '<': '>',
  '>': '<',
  '«': '»',
  '»': '«',
  '‹': '›',
  '›': '‹',
};

/** Marks that steer direction: used to resolve runs, then dropped (the fonts do not draw them). */
const BIDI_CONTROL = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/u;

export interface Piece {
  readonly text: string;
  readonly font: FontKey;
  /** An Arabic word (or the spaces between two), which fontkit joins and lays out right to left. */
  readonly rtl: boolean;
}

/**
 * A line in visual order, left to right: its runs resolved by direction, cut by font. `dir` is the
 * paragraph's direction, which neutrals between runs of different directions take.
 */
export function visualPieces(line: string, dir: 'rtl' | 'ltr'): Piece[] {
  const base: Dir = dir === 'rtl' ? 'R' : 'L';
  const chars = Array.from(line.replace(/\u202f/g, '\u00a0'));
  const strong = chars.map((c) => strength(c.codePointAt(0) ?? 0));
  pairBrackets(chars, strong, base);
  // Resolve each neutral from the strong types around it (the paragraph's direction at the edges).
  const resolved: Dir[] = [];
  for (let i = 0; i < chars.length; i += 1) {
    const s = strong[i];
    if (s) {
      resolved.push(s);
      continue;
    }
    let before: Dir = base;
    for (let j = i - 1; j >= 0; j -= 1) {
      const t = strong[j];
      if (t) {
        before = t;
        break;
      }
    }
    let after: Dir = base;
    for (let j = i + 1; j < chars.length; j += 1) {
      const t = strong[j];
      if (t) {
        after = t;
        break;
      }
    }
    resolved.push(before === after ? before : base);
  }
  // Runs of one direction, in logical order.
  const runs: { dir: Dir; chars: string[] }[] = [];
  chars.forEach((c, i) => {
    if (BIDI_CONTROL.test(c)) return;
    const d = resolved[i] ?? base;
    const last = runs.at(-1);
    if (last && last.dir === d) last.chars.push(c);
    else runs.push({ dir: d, chars: [c] });
  });
  const ordered = base === 'R' ? runs.reverse() : runs;
  return ordered.flatMap((run) => runPieces(run.chars, run.dir));
}

const OPENING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * The bidi algorithm's rule for brackets, simplified: a pair takes the paragraph's direction when its
 * content has a letter of that direction, else the other direction when the text before it has that
 * one, so that "البصمة (SHA-256)" keeps both brackets with the Arabic around them.
 */
function pairBrackets(chars: readonly string[], strong: (Dir | undefined)[], base: Dir): void {
  const stack: { close: string; at: number }[] = [];
  const pairs: [number, number][] = [];
  chars.forEach((c, i) => {
    const close = OPENING[c];
    if (close) stack.push({ close, at: i });
    else {
      const k = stack.findLastIndex((o) => o.close === c);
      if (k >= 0) {
        pairs.push([stack[k]?.at ?? 0, i]);
        stack.length = k;
      }
    }
  });
  for (const [open, close] of pairs.sort((a, b) => a[0] - b[0])) {
    const inside = strong.slice(open + 1, close);
    let dir: Dir | undefined;
    if (inside.includes(base)) dir = base;
    else if (inside.some((d) => d !== undefined)) {
      const before = strong.slice(0, open).findLast((d) => d !== undefined) ?? base;
      dir = before === base ? base : before;
    }
    if (dir) {
      strong[open] = dir;
      strong[close] = dir;
    }
  }
}

function fontFor(c: string, preferArabic: boolean): FontKey {
  const cp = c.codePointAt(0) ?? 0;
  if (cp === 0x20 || cp === 0xa0) return preferArabic ? 'arabic' : 'latin';
  if (inRanges(cp, ARABIC_FONT)) return 'arabic';
  if (inRanges(cp, LATIN_FONT)) return 'latin';
  if (inRanges(cp, LATIN_EXT_FONT)) return 'latinExt';
  return 'latin';
}

/** One direction run as pieces in visual order. */
function runPieces(chars: readonly string[], dir: Dir): Piece[] {
  const groups: { font: FontKey; chars: string[] }[] = [];
  for (const c of chars) {
    const font = fontFor(c, dir === 'R');
    const last = groups.at(-1);
    if (last && last.font === font) last.chars.push(c);
    else groups.push({ font, chars: [c] });
  }
  if (dir === 'L') return groups.map((g) => ({ text: g.chars.join(''), font: g.font, rtl: false }));
  // Right to left: the pieces in reverse order; an Arabic piece goes to fontkit as it is (it reverses
  // it), any other piece is reversed here, its brackets mirrored.
  return groups.reverse().flatMap((g) =>
    g.font === 'arabic'
      ? arabicWords(g.chars.join(''))
      : [
          {
            text: [...g.chars]
              .reverse()
              .map((c) => MIRROR[c] ?? c)
              .join(''),
            font: g.font,
            rtl: false,
          },
        ],
  );
}

/**
 * An Arabic piece as its words and spaces in visual order. pdfkit lays text out word by word (and
 * caches each word), in logical order; one word at a time, fontkit joins and reverses it correctly, so
 * the words are handed over one by one, from the last to the first.
 */
function arabicWords(text: string): Piece[] {
  return (text.match(/[ \u00a0]+|[^ \u00a0]+/g) ?? [])
    .reverse()
    .map((t) => ({ text: t, font: 'arabic' as const, rtl: true }));
}

// ---------------------------------------------------------------- layout

export interface PdfSignature {
  /** "For the city", "Pour l'association". */
  readonly side: string;
  /** The party: the city's or the organisation's name. */
  readonly party: string;
  /** The signer's name as signed, when signed. */
  readonly name?: string;
  /** When it was signed, already written in the paper's language. */
  readonly signedAt?: string;
}

export interface PdfOptions {
  /** The footer of every page: the version and the hash. */
  readonly footer: string;
  /** "Page 2 of 5" as the paper's language writes it. */
  readonly pageLabel: (page: number, pages: number) => string;
  readonly signatures?: {
    readonly heading: string;
    readonly nameLabel: string;
    readonly dateLabel: string;
    readonly signatureLabel: string;
    readonly blocks: readonly PdfSignature[];
  };
  /** Fixed document metadata, so the same paper gives the same file. */
  readonly info: { readonly title: string; readonly createdAt: Date };
}

const PAGE = { width: 595.28, height: 841.89, margin: 56, top: 56, bottom: 72 };

class Layout {
  readonly doc: PDFKit.PDFDocument;
  readonly dir: 'rtl' | 'ltr';
  readonly lineFactor: number;
  y = PAGE.top;

  constructor(doc: PDFKit.PDFDocument, dir: 'rtl' | 'ltr') {
    this.doc = doc;
    this.dir = dir;
    // Naskh sits taller than Latin: more room between lines keeps its marks apart.
    this.lineFactor = dir === 'rtl' ? 1.85 : 1.45;
  }

  private use(piece: Piece, weight: Weight, size: number): void {
    this.doc.font(`${piece.font}-${weight}`).fontSize(size);
  }

  private readonly widths = new Map<string, number>();

  /** A piece's width, measured once per font and text at 1 pt and scaled. */
  private width(piece: Piece, weight: Weight, size: number): number {
    const key = `${piece.font}-${weight}\u0000${piece.text}`;
    let unit = this.widths.get(key);
    if (unit === undefined) {
      this.use(piece, weight, 1000);
      unit = this.doc.widthOfString(piece.text) / 1000;
      this.widths.set(key, unit);
    }
    return unit * size;
  }

  measure(text: string, weight: Weight, size: number): number {
    return visualPieces(text, this.dir).reduce((w, p) => w + this.width(p, weight, size), 0);
  }

  /** Draws one line at a baseline, aligned to the start side of the box. */
  drawLine(
    text: string,
    box: { x: number; width: number },
    baseline: number,
    weight: Weight,
    size: number,
  ): void {
    const pieces = visualPieces(text, this.dir);
    const widths = pieces.map((p) => this.width(p, weight, size));
    const total = widths.reduce((a, b) => a + b, 0);
    let x = this.dir === 'rtl' ? box.x + box.width - total : box.x;
    pieces.forEach((p, i) => {
      this.use(p, weight, size);
      if (p.text.trim()) this.doc.text(p.text, x, baseline, { lineBreak: false, baseline: 'alphabetic' });
      x += widths[i] ?? 0;
    });
  }

  /** Breaks text into lines that fit the width, at spaces. */
  wrap(text: string, width: number, weight: Weight, size: number): string[] {
    const words = text.split(/ +/).filter((w) => w.length > 0);
    const space = this.measure(' ', weight, size);
    const lines: string[] = [];
    let line: string[] = [];
    let lineWidth = 0;
    for (const word of words) {
      const w = this.measure(word, weight, size);
      if (line.length > 0 && lineWidth + space + w > width) {
        lines.push(line.join(' '));
        line = [];
        lineWidth = 0;
      }
      lineWidth += (line.length > 0 ? space : 0) + w;
      line.push(word);
    }
    if (line.length > 0) lines.push(line.join(' '));
    return lines;
  }

  ensure(height: number): void {
    if (this.y + height > PAGE.height - PAGE.bottom) {
      this.doc.addPage();
      this.y = PAGE.top;
    }
  }

  paragraph(
    text: string,
    opts: {
      weight?: Weight;
      size?: number;
      indent?: number;
      bullet?: string;
      box?: { x: number; width: number };
    },
  ): void {
    const weight = opts.weight ?? 'regular';
    const size = opts.size ?? 10.5;
    const indent = opts.indent ?? 0;
    const outer = opts.box ?? { x: PAGE.margin, width: PAGE.width - 2 * PAGE.margin };
    const box =
      this.dir === 'rtl'
        ? { x: outer.x, width: outer.width - indent }
        : { x: outer.x + indent, width: outer.width - indent };
    const lineHeight = size * this.lineFactor;
    this.wrap(text, box.width, weight, size).forEach((line, i) => {
      this.ensure(lineHeight);
      const baseline = this.y + size * (this.dir === 'rtl' ? 1.25 : 1.05);
      if (i === 0 && opts.bullet) {
        const bx =
          this.dir === 'rtl'
            ? { x: box.x + box.width + 4, width: indent - 4 }
            : { x: outer.x, width: indent };
        this.drawLine(opts.bullet, bx, baseline, weight, size);
      }
      this.drawLine(line, box, baseline, weight, size);
      this.y += lineHeight;
    });
  }
}

/** The paper as a PDF file (A4), with page numbers and the footer on every page. */
export async function renderPaperPdf(paper: Paper, opts: PdfOptions): Promise<Uint8Array> {
  const files = fonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    // No standard font: pdfkit would read Helvetica's metrics from its own folder, which a bundle lacks.
    font: firstFontPath(files),
    lang: paper.lang,
    displayTitle: true,
    info: { Title: opts.info.title, CreationDate: opts.info.createdAt, ModDate: opts.info.createdAt },
  });
  for (const [name, bytes] of files) doc.registerFont(name, bytes);
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

  const L = new Layout(doc, paper.dir);
  L.paragraph(paper.title, { weight: 'bold', size: 16 });
  L.y += 4;
  for (const line of paper.lead ?? []) L.paragraph(line, { size: 10 });
  L.y += 6;
  for (const section of paper.sections) {
    L.ensure(60);
    L.y += 6;
    if (section.heading) L.paragraph(section.heading, { weight: 'bold', size: 12 });
    for (const block of section.blocks) {
      if (block.kind === 'paragraph') {
        L.paragraph(block.text, {});
        L.y += 3;
      } else {
        for (const item of block.items) L.paragraph(item, { indent: 16, bullet: '•' });
        L.y += 3;
      }
    }
  }
  if (opts.signatures) signatureBlocks(L, opts.signatures);

  // Footers last, once the number of pages is known.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    const box = { x: PAGE.margin, width: PAGE.width - 2 * PAGE.margin };
    const base = PAGE.height - PAGE.bottom + 30;
    doc
      .moveTo(PAGE.margin, base - 14)
      .lineTo(PAGE.width - PAGE.margin, base - 14)
      .lineWidth(0.5)
      .stroke('#888888');
    L.drawLine(opts.footer, box, base, 'regular', 7.5);
    L.drawLine(opts.pageLabel(i - range.start + 1, range.count), box, base + 13, 'regular', 7.5);
  }
  doc.end();
  return done;
}

function signatureBlocks(L: Layout, s: NonNullable<PdfOptions['signatures']>): void {
  L.ensure(150);
  L.y += 12;
  L.paragraph(s.heading, { weight: 'bold', size: 12 });
  const gap = 24;
  const full = PAGE.width - 2 * PAGE.margin;
  const width = (full - gap * (s.blocks.length - 1)) / Math.max(1, s.blocks.length);
  const top = L.y;
  let bottom = top;
  s.blocks.forEach((b, i) => {
    // The first block on the start side: the right in Arabic.
    const x =
      L.dir === 'rtl' ? PAGE.margin + full - (i + 1) * width - i * gap : PAGE.margin + i * (width + gap);
    const box = { x, width };
    L.y = top;
    L.paragraph(b.side, { weight: 'bold', box });
    L.paragraph(b.party, { box });
    L.paragraph(`${s.nameLabel}: ${b.name ?? '________________________'}`, { box });
    L.paragraph(`${s.dateLabel}: ${b.signedAt ?? '________________'}`, { box });
    L.paragraph(`${s.signatureLabel}:`, { box });
    L.y += 28;
    L.doc
      .moveTo(x, L.y)
      .lineTo(x + width, L.y)
      .lineWidth(0.5)
      .stroke('#444444');
    L.y += 8;
    bottom = Math.max(bottom, L.y);
  });
  L.y = bottom;
}
