/**
 * The public transparency register of a city, no sign-in: its active partnerships and awarded grants,
 * filtered by year, focus area and funder (the filters are in the address, so a filtered view can be
 * shared), a page of partnerships and a page of grants at a time (each list has its own "show more"), the
 * counts with those below 5 withheld, and the 360Giving open data to download.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, apiUrl, read } from '../api/client.ts';
import { FOCUS_AREAS, type FocusArea, type Register as RegisterPage } from '../api/types.ts';
import { formatNumber, t, tx } from '../i18n/index.ts';
import { MoreButton, type Pager, usePager, usePagerOf } from '../pager.tsx';
import { navigate, useSearch } from '../router.ts';
import { DateText, Dl, Loading, MoneyText, Page, Show, useLoad } from '../ui.tsx';

interface Filters {
  readonly year: string;
  readonly focusArea: string;
  readonly funder: string;
}
const FILTER_KEYS = ['year', 'focusArea', 'funder'] as const;

function filtersOf(search: string): Filters & { readonly limit: string; readonly partnershipsLimit: string } {
  const q = new URLSearchParams(search);
  return {
    year: /^\d{4}$/.test(q.get('year') ?? '') ? (q.get('year') as string) : '',
    focusArea: (FOCUS_AREAS as readonly string[]).includes(q.get('focusArea') ?? '')
      ? (q.get('focusArea') as string)
      : '',
    funder: /^[A-Za-z0-9_-]{1,64}$/.test(q.get('funder') ?? '') ? (q.get('funder') as string) : '',
    // Not in the form: the page size, for a shorter first page (`?limit=10`).
    limit: /^\d{1,3}$/.test(q.get('limit') ?? '') ? (q.get('limit') as string) : '',
    partnershipsLimit: /^\d{1,3}$/.test(q.get('partnershipsLimit') ?? '')
      ? (q.get('partnershipsLimit') as string)
      : '',
  };
}

/** The next page of one list: the grants' (`cursor`) or the partnerships' (`partnershipsCursor`). */
type Next = { readonly cursor: string } | { readonly partnershipsCursor: string };

async function fetchRegister(
  cityId: string,
  f: ReturnType<typeof filtersOf>,
  next?: Next,
): Promise<RegisterPage> {
  const query: {
    year?: string;
    focusArea?: FocusArea;
    funder?: string;
    limit?: string;
    partnershipsLimit?: string;
    cursor?: string;
    partnershipsCursor?: string;
  } = { ...next };
  if (f.year) query.year = f.year;
  if (f.focusArea) query.focusArea = f.focusArea as FocusArea;
  if (f.funder) query.funder = f.funder;
  if (f.limit) query.limit = f.limit;
  if (f.partnershipsLimit) query.partnershipsLimit = f.partnershipsLimit;
  const r = await read(api.v1.public.cities[':cityId'].register.$get({ param: { cityId }, query }));
  remember(cityId, r);
  return r;
}

/** The years and funders met so far in this city's register, for the filters' choices. */
const seen = new Map<string, { years: Set<number>; funders: Map<string, string> }>();
function remember(cityId: string, r: Pick<RegisterPage, 'grants'>) {
  let s = seen.get(cityId);
  if (!s) {
    s = { years: new Set(), funders: new Map() };
    seen.set(cityId, s);
  }
  for (const g of r.grants) {
    s.years.add(Number(g.awardedAt.slice(0, 4)));
    for (const f of g.funders) s.funders.set(f.id, f.name);
  }
  return s;
}

export function Register(props: { cityId: string }) {
  const search = useSearch();
  const filters = filtersOf(search);
  const load = useLoad(() => fetchRegister(props.cityId, filters), [props.cityId, search]);
  const cityName = tx(`city.${props.cityId}`, load.data?.city.name ?? props.cityId);
  return (
    <Page title={t('register.title', { city: cityName })} lead={t('register.lead')}>
      <FilterForm cityId={props.cityId} filters={filters} />
      {load.loading && load.data !== undefined && <Loading />}
      <Show load={load}>
        {(first) => <RegisterView cityId={props.cityId} first={first} filters={filters} />}
      </Show>
    </Page>
  );
}

function FilterForm(props: { cityId: string; filters: Filters }) {
  const [f, setF] = useState<Filters>(props.filters);
  // Back and forward change the address: show its filters.
  useEffect(() => setF(props.filters), [props.filters.year, props.filters.focusArea, props.filters.funder]);
  const known = seen.get(props.cityId);
  const thisYear = new Date().getFullYear();
  const oldest = Math.min(thisYear - 4, ...(known?.years ?? []), Number(f.year || thisYear));
  const years: number[] = [];
  for (let y = thisYear; y >= oldest; y--) years.push(y);
  const funders = new Map(known?.funders);
  if (f.funder && !funders.has(f.funder)) funders.set(f.funder, f.funder);
  const active = FILTER_KEYS.some((k) => props.filters[k]);
  return (
    <section aria-labelledby="filters-h" class="card">
      <h2 id="filters-h">{t('register.filters')}</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          const q = new URLSearchParams();
          for (const k of FILTER_KEYS) if (f[k]) q.set(k, f[k]);
          const qs = q.toString();
          navigate(`/register/${encodeURIComponent(props.cityId)}${qs ? `?${qs}` : ''}`);
        }}
      >
        <div class="field">
          <label for="f-year">{t('register.year')}</label>
          <select id="f-year" value={f.year} onChange={(e) => setF({ ...f, year: e.currentTarget.value })}>
            <option value="">{t('register.allYears')}</option>
            {years.map((y) => (
              <option key={y} value={String(y)}>
                {String(y)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-focus">{t('register.focusArea')}</label>
          <select
            id="f-focus"
            value={f.focusArea}
            onChange={(e) => setF({ ...f, focusArea: e.currentTarget.value })}
          >
            <option value="">{t('register.allFocusAreas')}</option>
            {FOCUS_AREAS.map((a) => (
              <option key={a} value={a}>
                {tx(`focus.${a}`, a)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-funder">{t('register.funder')}</label>
          <select
            id="f-funder"
            value={f.funder}
            onChange={(e) => setF({ ...f, funder: e.currentTarget.value })}
          >
            <option value="">{t('register.allFunders')}</option>
            {[...funders].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="row">
          <button type="submit" class="primary">
            {t('register.apply')}
          </button>
          {active && <a href={`/register/${encodeURIComponent(props.cityId)}`}>{t('register.clear')}</a>}
        </div>
      </form>
    </section>
  );
}

function RegisterView(props: { cityId: string; first: RegisterPage; filters: ReturnType<typeof filtersOf> }) {
  const { first } = props;
  const pager = usePager(
    first,
    (cursor) => fetchRegister(props.cityId, props.filters, { cursor }),
    (page) => page.grants,
  );
  const grants = pager.items;
  const firstNew = useFocusFirstNew(pager);
  const partnerships = usePagerOf(
    first,
    (partnershipsCursor) => fetchRegister(props.cityId, props.filters, { partnershipsCursor }),
    (page) => page.partnerships,
    (page) => page.partnershipsNextCursor,
  );
  const firstNewPartnership = useFocusFirstNew(partnerships);

  const filtered = FILTER_KEYS.some((k) => props.filters[k]);
  const base = `/v1/public/cities/${encodeURIComponent(props.cityId)}/grants.360giving`;
  return (
    <>
      <p role="status" class="muted">
        {t('register.shown', {
          grants: t('register.shownGrants', { n: grants.length }),
          partnerships: t('register.shownPartnerships', { n: partnerships.items.length }),
        })}
      </p>

      {first.summary && <Summary summary={first.summary} />}

      <section aria-labelledby="rp-h">
        <h2 id="rp-h">{t('register.partnerships')}</h2>
        {first.filters.funder !== null && <p class="muted">{t('register.partnershipsNoFunder')}</p>}
        {(partnerships.items.length > 1 || partnerships.more) && (
          <p class="muted">{t('register.partnershipsOrder')}</p>
        )}
        {partnerships.items.length === 0 ? (
          <p>{filtered ? t('register.noneFiltered') : t('register.none')}</p>
        ) : (
          <ul class="cards">
            {partnerships.items.map((p, i) => (
              <li key={p.id} class="card">
                <h3
                  tabIndex={i === partnerships.focusFrom ? -1 : undefined}
                  ref={i === partnerships.focusFrom ? firstNewPartnership : undefined}
                >
                  <bdi>{p.organisationName}</bdi>
                </h3>
                <Dl
                  rows={[
                    [
                      t('partnership.focusAreas'),
                      p.focusAreas.map((f) => tx(`focus.${f}`, f)).join(' · ') || '—',
                    ],
                    [
                      t('partnership.term'),
                      p.term ? (
                        <span key="t">
                          <DateText value={p.term.start} /> – <DateText value={p.term.end} />
                        </span>
                      ) : (
                        '—'
                      ),
                    ],
                  ]}
                />
              </li>
            ))}
          </ul>
        )}
        <MoreButton pager={partnerships} label={t('register.loadMorePartnerships')} />
      </section>

      <section aria-labelledby="rg-h">
        <h2 id="rg-h">{t('register.grants')}</h2>
        {grants.length === 0 ? (
          <p>{filtered ? t('register.noneFiltered') : t('register.none')}</p>
        ) : (
          <ul class="cards register-grants">
            {grants.map((g, i) => (
              <li key={g.id} class="card">
                <h3
                  tabIndex={i === pager.focusFrom ? -1 : undefined}
                  ref={i === pager.focusFrom ? firstNew : undefined}
                >
                  {g.title}
                </h3>
                <p class="muted">
                  <bdi>{g.organisationName}</bdi> · {tx(`track.${g.track}`, g.track)}
                </p>
                <Dl
                  rows={[
                    [t('award.amount'), <MoneyText key="a" value={g.amountAwarded} />],
                    [t('register.disbursed'), <MoneyText key="d" value={g.amountDisbursed} />],
                    [t('register.awardedOn'), <DateText key="w" value={g.awardedAt} />],
                    [
                      t('register.period'),
                      <span key="p">
                        <DateText value={g.startDate} /> – <DateText value={g.endDate} />
                      </span>,
                    ],
                    [
                      t('register.reports'),
                      g.reportsOnTime ? t('register.reportsOnTime') : t('register.reportsLate'),
                    ],
                  ]}
                />
                <h4>{t('register.fundedBy')}</h4>
                <ul class="plain">
                  {g.funders.map((f) => (
                    <li key={f.id}>
                      <bdi>{f.name}</bdi>: <MoneyText value={f.share} />
                    </li>
                  ))}
                </ul>
                {g.focusAreas.length > 0 && (
                  <p class="muted">
                    {t('partnership.focusAreas')}: {g.focusAreas.map((f) => tx(`focus.${f}`, f)).join(' · ')}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
        <MoreButton pager={pager} label={t('register.loadMore')} />
      </section>

      <section aria-labelledby="od-h">
        <h2 id="od-h">{t('register.openData')}</h2>
        <p>{t('register.openDataLead')}</p>
        <ul>
          <li>
            <a href={apiUrl(`${base}.json`)} download={`${props.cityId}-grants.360giving.json`}>
              {t('register.downloadJson')}
            </a>
          </li>
          <li>
            <a href={apiUrl(`${base}.csv`)} download={`${props.cityId}-grants.360giving.csv`}>
              {t('register.downloadCsv')}
            </a>
          </li>
        </ul>
      </section>
    </>
  );
}

/** The heading that starts what "show more" last added, focused once it is there (null until then). */
function useFocusFirstNew(pager: Pager<unknown>) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (pager.focusFrom !== null) ref.current?.focus();
  }, [pager.focusFrom]);
  return ref;
}

/** A published count: the number, or "fewer than 5" when the API withheld it (null). */
const count = (n: number | null): string => (n === null ? t('register.fewerThan5') : formatNumber(n));

function Summary(props: { summary: NonNullable<RegisterPage['summary']> }) {
  const s = props.summary;
  const withheld =
    s.grants === null ||
    s.partnerships === null ||
    [...s.grantsByFocusArea, ...s.grantsByState, ...s.grantsByTrack].some((x) => x.grants === null) ||
    s.indicatorTotals.some((x) => x.total === null);
  return (
    <section aria-labelledby="sum-h">
      <h2 id="sum-h">{t('register.summary')}</h2>
      <Dl
        rows={[
          [t('register.countGrants'), count(s.grants)],
          [t('register.countPartnerships'), count(s.partnerships)],
        ]}
      />
      <div class="grid2">
        <CountList
          title={t('register.byFocusArea')}
          rows={s.grantsByFocusArea.map((x) => [tx(`focus.${x.focusArea}`, x.focusArea), x.grants])}
        />
        <CountList
          title={t('register.byState')}
          rows={s.grantsByState.map((x) => [tx(`state.${x.state}`, x.state), x.grants])}
        />
        <CountList
          title={t('register.byTrack')}
          rows={s.grantsByTrack.map((x) => [tx(`track.${x.track}`, x.track), x.grants])}
        />
        <CountList title={t('register.results')} rows={s.indicatorTotals.map((x) => [x.name, x.total])} />
      </div>
      {withheld && <p class="note">{t('register.withheld')}</p>}
    </section>
  );
}

function CountList(props: { title: string; rows: readonly (readonly [string, number | null])[] }) {
  if (props.rows.length === 0) return null;
  return (
    <div>
      <h3>{props.title}</h3>
      <ul class="plain">
        {props.rows.map(([label, n]) => (
          <li key={label}>
            <bdi>{label}</bdi>: <span class="num">{count(n)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
