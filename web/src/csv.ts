/** CSV as spreadsheets read it: RFC 4180 quoting, CRLF line ends, a BOM so Excel reads UTF-8. */

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) || /^[=+\-@]/.test(v)
    ? `"${v.replace(/"/g, '""').replace(/^([=+\-@])/, "'$1")}"`
    : v;
}

/** The rows as one CSV text. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return `\ufeff${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
