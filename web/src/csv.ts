/** CSV as spreadsheets read it: RFC 4180 quoting, CRLF line ends, a BOM so Excel reads UTF-8. */

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula. It may also split a
 * cell where we did not: at a line break, or at `;` (French, Spanish and Arabic spreadsheets' separator),
 * `,` or a tab. So an apostrophe goes before every formula character that could start a piece of the
 * cell, however it is split; the rest of the text is kept as it was.
 */
function defuse(v: string): string {
  const inner = v.replace(/(^|[\r\n;,\t])([ \u00a0]*)(?=[=+\-@])/g, "$1$2'");
  return /^[\t\r]/.test(inner) ? `'${inner}` : inner;
}

function csvCell(value: string): string {
  const v = defuse(value);
  return /[",;\t\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The rows as one CSV text. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return `\ufeff${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
