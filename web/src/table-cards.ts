/**
 * Tables that become cards on a phone (styles.css, under 600 px): each cell is labelled with its column's
 * header (`data-label`, shown before the value), so that a row reads as a card and no number or date is
 * squeezed into a narrow column and split. The table roles are set explicitly because a table shown as
 * blocks loses them in some browsers, and screen readers would no longer hear rows and headers.
 */

const ROLES: readonly (readonly [string, string])[] = [
  ['table', 'table'],
  ['thead, tbody, tfoot', 'rowgroup'],
  ['tr', 'row'],
  ['thead th', 'columnheader'],
  ['tbody th', 'rowheader'],
  ['td', 'cell'],
];

/** Labels every cell of the tables under `root` with its column header, and sets the table roles. */
export function labelTableCells(root: ParentNode): void {
  for (const table of root.querySelectorAll('table')) {
    const headers = [...table.querySelectorAll('thead tr:last-child th')].map(
      (th) => th.textContent?.trim() ?? '',
    );
    for (const [selector, role] of ROLES) {
      if (table.matches(selector)) table.setAttribute('role', role);
      for (const el of table.querySelectorAll(selector))
        if (el.getAttribute('role') !== role) el.setAttribute('role', role);
    }
    for (const row of table.querySelectorAll('tbody tr')) {
      let column = 0;
      for (const cell of row.children) {
        const label = headers[column] ?? '';
        if (cell.getAttribute('data-label') !== label) cell.setAttribute('data-label', label);
        column += Number(cell.getAttribute('colspan') ?? 1);
      }
    }
  }
}

/** Keeps the labels right as pages render and as the language changes. */
export function watchTables(root: HTMLElement): void {
  let pending = false;
  const run = () => {
    pending = false;
    labelTableCells(root);
  };
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    queueMicrotask(run);
  }).observe(root, { childList: true, subtree: true, characterData: true });
  labelTableCells(root);
}
