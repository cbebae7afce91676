/**
 * The city's coordination map: active partnerships and grants by focus area × target group × period,
 * with the overlaps (two initiatives for the same focus area and target group at the same time), so the
 * migration department sees duplication and gaps before it funds. Reads: one Query per page of the city's
 * active partnerships and of its active grants (GSI2, by state), and one BatchGet of the organisations.
 *
 * A grant serves its own focus areas, or else those of its organisation's partnership. A partnership serves
 * the target groups it names; one that names none (older applications) stands in its focus area's row for
 * every group (`targetGroup: null`). Target groups are free text, so they match without regard to case and
 * surrounding spaces.
 */
import type { CoordinationMapView, CoordinationQueryInput } from '#contract/coordination';
import type { Grant } from '#domain/grant';
import type { Partnership } from '#domain/partnership';
import type { Actor } from '#domain/types';
import type { Deps } from './deps.ts';

type Initiative = CoordinationMapView['cells'][number]['initiatives'][number];

async function allActive<T>(deps: Deps, type: 'grant' | 'partnership', cityId: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.listByCity<T>(type, cityId, { state: 'active', cursor, limit: 100 });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

const groupKey = (g: string) => g.trim().toLocaleLowerCase();
/** The groups an initiative names, each once (two spellings of one group would count it twice). */
const groupsOf = (groups: readonly string[]): string[] => [
  ...new Map(groups.map((t) => [groupKey(t), t.trim()])).values(),
];

export async function coordinationMap(
  deps: Deps,
  actor: Actor,
  q: CoordinationQueryInput,
): Promise<CoordinationMapView> {
  const cityId = actor.cityId;
  const [partnerships, grants] = await Promise.all([
    allActive<Partnership>(deps, 'partnership', cityId),
    allActive<Grant>(deps, 'grant', cityId),
  ]);
  const orgIds = [...new Set([...partnerships, ...grants].map((r) => r.organisationId))];
  const names = new Map((await deps.store.getOrganisations(orgIds)).map((o) => [o.id, o.name]));
  const areasOf = new Map(partnerships.map((p) => [p.organisationId, p.focusAreas]));

  const cells = new Map<
    string,
    { focusArea: string; targetGroup: string | null; initiatives: Initiative[] }
  >();
  const place = (focusArea: string, targetGroup: string | null, i: Initiative) => {
    if (q.focusArea && focusArea !== q.focusArea) return;
    if (q.targetGroup && (targetGroup === null || groupKey(targetGroup) !== groupKey(q.targetGroup))) return;
    const key = `${focusArea}\u0000${targetGroup === null ? '' : groupKey(targetGroup)}`;
    const cell = cells.get(key) ?? { focusArea, targetGroup, initiatives: [] };
    cell.initiatives.push(i);
    cells.set(key, cell);
  };
  for (const p of partnerships) {
    const term = p.term;
    if (!term) continue;
    const name = names.get(p.organisationId) ?? p.organisationName;
    const i: Initiative = {
      type: 'partnership',
      id: p.id,
      title: name,
      organisationId: p.organisationId,
      organisationName: name,
      start: term.start,
      end: term.end,
    };
    const groups = p.targetGroups?.length ? groupsOf(p.targetGroups) : [null];
    for (const area of p.focusAreas) for (const group of groups) place(area, group, i);
  }
  for (const g of grants) {
    const i: Initiative = {
      type: 'grant',
      id: g.id,
      title: g.title,
      organisationId: g.organisationId,
      organisationName: names.get(g.organisationId) ?? g.organisationId,
      start: g.startDate,
      end: g.endDate,
    };
    const areas = g.focusAreas?.length ? g.focusAreas : (areasOf.get(g.organisationId) ?? []);
    for (const area of areas) for (const group of groupsOf(g.targetGroups)) place(area, group, i);
  }

  const sorted = [...cells.values()].sort(
    (a, b) =>
      a.focusArea.localeCompare(b.focusArea) || (a.targetGroup ?? '').localeCompare(b.targetGroup ?? '') || 0,
  );
  for (const c of sorted)
    c.initiatives.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  const overlaps: CoordinationMapView['overlaps'][number][] = [];
  for (const c of sorted) {
    c.initiatives.forEach((a, i) => {
      for (const b of c.initiatives.slice(i + 1)) {
        // ISO dates compare as strings: the later start and the earlier end bound the shared time.
        const [from, to] = [[a.start, b.start].sort()[1] ?? a.start, [a.end, b.end].sort()[0] ?? a.end];
        if (from <= to)
          overlaps.push({
            focusArea: c.focusArea,
            targetGroup: c.targetGroup,
            from,
            to,
            initiatives: [a.id, b.id],
          });
      }
    });
  }
  return { cityId, cells: sorted, overlaps };
}
