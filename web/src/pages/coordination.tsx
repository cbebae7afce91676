/**
 * The city's coordination map: active partnerships and grants by focus area × target group, each cell with
 * how many initiatives it holds and over which period, the overlaps flagged, and every cell linked to the
 * initiatives it counts, so that the migration department sees duplication and gaps before it funds.
 *
 * The matrix is an HTML table shaded like a heat map rather than a chart.js canvas: a cell of it has to be
 * a link to its initiatives, reachable by keyboard and read by a screen reader with its row and column, and
 * it has to carry a flag in words; a canvas gives none of that without a second, hidden copy of the same
 * numbers. As a table it is the chart and the numbers at once, it follows the page's direction (right to
 * left in Arabic), and under 600 px it becomes one card per focus area (web/src/table-cards.ts). The shade
 * only repeats the count that is written in the cell.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, read } from '../api/client.ts';
import { FOCUS_AREAS, type FocusArea } from '../api/types.ts';
import { formatDate, t, tx } from '../i18n/index.ts';
import { navigate, useSearch } from '../router.ts';
import { Page, Show, useLoad } from '../ui.tsx';

type CoordinationMap = Awaited<ReturnType<typeof fetchMap>>;
type Cell = CoordinationMap['cells'][number];
type Initiative = Cell['initiatives'][number];

const fetchMap = (q: { focusArea?: FocusArea; targetGroup?: string }) =>
  read(api.v1.coordination.$get({ query: q }));

/** Target groups are free text: one group however its initiatives spell or space it (as the server does). */
const groupKey = (g: string | null) => (g === null ? '' : g.trim().toLocaleLowerCase());
const cellKey = (focusArea: string, group: string | null) => `${focusArea}\u0000${groupKey(group)}`;

function filtersOf(search: string): { focusArea: FocusArea | ''; targetGroup: string } {
  const q = new URLSearchParams(search);
  const area = q.get('focusArea') ?? '';
  return {
    focusArea: FOCUS_AREAS.find((f) => f === area) ?? '',
    targetGroup: (q.get('targetGroup') ?? '').trim(),
  };
}

export function CoordinationPage() {
  const filters = filtersOf(useSearch());
  const load = useLoad(
    () =>
      fetchMap({
        ...(filters.focusArea ? { focusArea: filters.focusArea } : {}),
        ...(filters.targetGroup ? { targetGroup: filters.targetGroup } : {}),
      }),
    [filters.focusArea, filters.targetGroup],
  );
  return (
    <Page title={t('coord.title')} lead={t('coord.lead')}>
      <Filters focusArea={filters.focusArea} targetGroup={filters.targetGroup} groups={load.data} />
      <Show load={load}>{(map) => <MapView map={map} />}</Show>
    </Page>
  );
}

function Filters(props: { focusArea: string; targetGroup: string; groups: CoordinationMap | undefined }) {
  const [area, setArea] = useState(props.focusArea);
  const [group, setGroup] = useState(props.targetGroup);
  useEffect(() => {
    setArea(props.focusArea);
    setGroup(props.targetGroup);
  }, [props.focusArea, props.targetGroup]);
  const known = [
    ...new Set((props.groups?.cells ?? []).flatMap((c) => (c.targetGroup === null ? [] : [c.targetGroup]))),
  ];
  return (
    <form
      class="filters"
      onSubmit={(e) => {
        e.preventDefault();
        const q = new URLSearchParams();
        if (area) q.set('focusArea', area);
        if (group.trim()) q.set('targetGroup', group.trim());
        const query = q.toString();
        navigate(`/coordination${query ? `?${query}` : ''}`);
      }}
    >
      <div class="field">
        <label for="co-focus">{t('coord.focusArea')}</label>
        <select id="co-focus" value={area} onChange={(e) => setArea(e.currentTarget.value)}>
          <option value="">{t('coord.allFocusAreas')}</option>
          {FOCUS_AREAS.map((f) => (
            <option key={f} value={f}>
              {tx(`focus.${f}`, f)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="co-group">{t('coord.targetGroup')}</label>
        <input
          id="co-group"
          dir="auto"
          list="co-groups"
          value={group}
          aria-describedby="co-group-hint"
          onInput={(e) => setGroup(e.currentTarget.value)}
        />
        <p class="hint" id="co-group-hint">
          {t('coord.targetGroupHint')}
        </p>
        <datalist id="co-groups">
          {known.map((g) => (
            <option key={g} value={g} />
          ))}
        </datalist>
      </div>
      <p class="row">
        <button type="submit">{t('coord.show')}</button>
      </p>
    </form>
  );
}

const areaName = (f: string) => tx(`focus.${f}`, f);
const groupName = (g: string | null): ComponentChildren =>
  g === null ? t('coord.everyGroupColumn') : <bdi>{g}</bdi>;
const period = (from: string, to: string) =>
  t('coord.period', { from: formatDate(from), to: formatDate(to) });
const initiativeHref = (i: Initiative) => `/${i.type === 'grant' ? 'grants' : 'partnerships'}/${i.id}`;

/** The earliest start and the latest end of a cell's initiatives. */
function spanOf(cell: Cell): [string, string] {
  const starts = cell.initiatives.map((i) => i.start).sort();
  const ends = cell.initiatives.map((i) => i.end).sort();
  return [starts[0] ?? '', ends[ends.length - 1] ?? ''];
}

function MapView(props: { map: CoordinationMap }) {
  const { cells, overlaps } = props.map;
  if (cells.length === 0) return <p>{t('coord.nothing')}</p>;
  const index = new Map(cells.map((c, i) => [cellKey(c.focusArea, c.targetGroup), i]));
  const flagged = new Set(overlaps.map((o) => cellKey(o.focusArea, o.targetGroup)));
  const titles = new Map(cells.flatMap((c) => c.initiatives.map((i) => [i.id, i] as const)));
  return (
    <>
      <section aria-labelledby="co-overlaps-h" class={overlaps.length ? 'alert coord-overlaps' : ''}>
        <h2 id="co-overlaps-h">
          {overlaps.length ? (
            <>
              <span aria-hidden="true">⚠ </span>
              {t('coord.overlapsCount', { n: overlaps.length })}
            </>
          ) : (
            t('coord.overlapsTitle')
          )}
        </h2>
        {overlaps.length === 0 ? (
          <p>{t('coord.noOverlaps')}</p>
        ) : (
          <ul>
            {overlaps.map((o) => (
              <li key={`${o.focusArea}${o.targetGroup}${o.initiatives.join()}`}>
                <a href={`#co-cell-${index.get(cellKey(o.focusArea, o.targetGroup))}`}>
                  {areaName(o.focusArea)} · {groupName(o.targetGroup)}
                </a>
                <br />
                {period(o.from, o.to)}
                <br />
                {o.initiatives.map((id, k) => {
                  const i = titles.get(id);
                  return (
                    <span key={id}>
                      {k > 0 && ' · '}
                      {i ? (
                        <a href={initiativeHref(i)}>
                          <bdi>{i.title}</bdi>
                        </a>
                      ) : (
                        id
                      )}
                    </span>
                  );
                })}
              </li>
            ))}
          </ul>
        )}
      </section>
      <Matrix cells={cells} index={index} flagged={flagged} />
      <section aria-labelledby="co-cells-h">
        <h2 id="co-cells-h">{t('coord.cellsTitle')}</h2>
        {cells.map((c, n) => (
          <CellDetails key={n} cell={c} n={n} flagged={flagged.has(cellKey(c.focusArea, c.targetGroup))} />
        ))}
      </section>
    </>
  );
}

function Matrix(props: { cells: readonly Cell[]; index: Map<string, number>; flagged: Set<string> }) {
  const { cells, index, flagged } = props;
  const areas = [...new Set(cells.map((c) => c.focusArea))];
  // One column per group, as its first cell names it; partnerships open to every group come first.
  const groups = new Map<string, string | null>();
  for (const c of [...cells].sort((a, b) => (a.targetGroup === null ? -1 : b.targetGroup === null ? 1 : 0)))
    if (!groups.has(groupKey(c.targetGroup))) groups.set(groupKey(c.targetGroup), c.targetGroup);
  return (
    <section aria-labelledby="co-matrix-h">
      <h2 id="co-matrix-h">{t('coord.matrixTitle')}</h2>
      <p class="hint" id="co-matrix-hint">
        {t('coord.matrixHint')}
      </p>
      <div class="table-wrap coord-matrix">
        <table aria-describedby="co-matrix-hint">
          <thead>
            <tr>
              <th scope="col" class="coord-box">
                {t('coord.focusArea')}
              </th>
              {[...groups.values()].map((g) => (
                <th scope="col" class="coord-box" key={groupKey(g)}>
                  {groupName(g)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {areas.map((a) => (
              <tr key={a}>
                <th scope="row" class="coord-box">
                  {areaName(a)}
                </th>
                {[...groups.values()].map((g) => {
                  const n = index.get(cellKey(a, g));
                  const cell = n === undefined ? undefined : cells[n];
                  if (!cell)
                    return (
                      <td key={groupKey(g)} class="coord-box coord-empty">
                        <span aria-hidden="true">—</span>
                        <span class="sr-only">{t('coord.none')}</span>
                      </td>
                    );
                  const overlap = flagged.has(cellKey(a, g));
                  const [from, to] = spanOf(cell);
                  const count = cell.initiatives.length;
                  return (
                    <td
                      key={groupKey(g)}
                      class={`coord-box coord-level-${Math.min(count, 3)}${overlap ? ' coord-overlap' : ''}`}
                    >
                      <a class="coord-link" href={`#co-cell-${n}`}>
                        {t('coord.count', { n: count })}
                      </a>
                      <span class="coord-period">{period(from, to)}</span>
                      {overlap && (
                        <strong class="coord-flag">
                          <span aria-hidden="true">⚠ </span>
                          {t('coord.overlap')}
                        </strong>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CellDetails(props: { cell: Cell; n: number; flagged: boolean }) {
  const { cell, n } = props;
  return (
    <div class="card coord-details" id={`co-cell-${n}`} tabIndex={-1}>
      <h3>
        {areaName(cell.focusArea)} · {groupName(cell.targetGroup)}
      </h3>
      {props.flagged && (
        <p class="coord-flag">
          <span aria-hidden="true">⚠ </span>
          {t('coord.overlapNote')}
        </p>
      )}
      <ul>
        {cell.initiatives.map((i) => (
          <li key={i.id} class="coord-item">
            <a href={initiativeHref(i)}>
              <bdi>{i.title}</bdi>
            </a>{' '}
            <span class="tag">{t(i.type === 'grant' ? 'coord.grant' : 'coord.partnership')}</span>
            <br />
            <bdi>{i.organisationName}</bdi> · {period(i.start, i.end)}
          </li>
        ))}
      </ul>
    </div>
  );
}
