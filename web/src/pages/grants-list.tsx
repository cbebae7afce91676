/**
 * The staff's grants list: search by words (title or association), narrow by state, track, association,
 * funder and a late decision; the API does the filtering, page by page.
 */
import { useState } from 'preact/hooks';
import { GRANT_STATES } from '../../../functions/src/domain/grant.ts';
import { ApiProblem, api, read } from '../api/client.ts';
import type { Grant } from '../api/types.ts';
import { t, tx } from '../i18n/index.ts';
import { MoreButton, usePager } from '../pager.tsx';
import { ErrorBox, LateTag, Loading, MoneyText, Page, Show, StateTag, useLoad } from '../ui.tsx';

interface Filters {
  q: string;
  state: string;
  track: string;
  organisationId: string;
  funderId: string;
  late: string;
}

const NONE: Filters = { q: '', state: '', track: '', organisationId: '', funderId: '', late: '' };

/** The filters the user set, as the list's query (empty ones left out). */
function queryOf(f: Filters, cursor?: string) {
  const q: Record<string, string> = { limit: '25' };
  for (const [k, v] of Object.entries(f)) if (v.trim() !== '') q[k] = v.trim();
  if (cursor) q.cursor = cursor;
  return q;
}

const fetchGrants = (f: Filters, cursor?: string) => read(api.v1.grants.$get({ query: queryOf(f, cursor) }));

/** The city's portfolio as CSV (awarded grants, their associations and funders), saved as a file. */
async function downloadPortfolio(): Promise<void> {
  const res = await api.v1.exports['portfolio.csv'].$get();
  if (!res.ok) throw new ApiProblem(res.status, res.statusText, undefined, []);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = 'portfolio.csv';
  a.click();
  URL.revokeObjectURL(url);
}

export function GrantsList() {
  const [exportError, setExportError] = useState<unknown>(undefined);
  const [draft, setDraft] = useState<Filters>(NONE);
  const [applied, setApplied] = useState<Filters>(NONE);
  const orgs = useLoad(
    () =>
      Promise.all([
        read(api.v1.organisations.$get({ query: { kind: 'cso', limit: '100' } })),
        read(api.v1.organisations.$get({ query: { kind: 'funder', limit: '100' } })),
      ]),
    [],
  );
  const load = useLoad(() => fetchGrants(applied), [applied]);
  const set = (k: keyof Filters) => (e: Event) =>
    setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  const choice = (k: keyof Filters, label: string, options: readonly (readonly [string, string])[]) => (
    <div class="field">
      <label for={`gl-${k}`}>{label}</label>
      <select id={`gl-${k}`} value={draft[k]} onChange={set(k)}>
        <option value="">{t('grants.any')}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  const [csos, funders] = orgs.data ?? [{ items: [] }, { items: [] }];
  return (
    <Page title={t('grants.title')} lead={t('grants.lead')}>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(draft);
        }}
      >
        <div class="field">
          <label for="gl-q">{t('grants.search')}</label>
          <p class="hint" id="gl-q-hint">
            {t('grants.search.hint')}
          </p>
          <input
            id="gl-q"
            type="search"
            dir="auto"
            aria-describedby="gl-q-hint"
            value={draft.q}
            onInput={set('q')}
            maxLength={200}
          />
        </div>
        {choice(
          'state',
          t('common.state'),
          GRANT_STATES.map((s) => [s, tx(`state.${s}`, s)]),
        )}
        {choice('track', t('grants.track'), [
          ['fast', t('track.fast')],
          ['standard', t('track.standard')],
        ])}
        {choice(
          'organisationId',
          t('grants.organisation'),
          csos.items.map((o) => [o.id, o.name]),
        )}
        {choice(
          'funderId',
          t('grants.funder'),
          funders.items.map((o) => [o.id, o.name]),
        )}
        {choice('late', t('grants.late'), [
          ['true', t('grants.yes')],
          ['false', t('grants.no')],
        ])}
        <p>
          <button type="submit">{t('grants.apply')}</button>
        </p>
      </form>
      <p>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setExportError(undefined);
            downloadPortfolio().catch(setExportError);
          }}
        >
          {t('grants.export')}
        </button>
      </p>
      {exportError !== undefined && <ErrorBox error={exportError} />}
      {/* While new filters load, the old results go: the list below is always the one asked for. */}
      {load.loading ? (
        <Loading />
      ) : (
        <Show load={load}>
          {(first) =>
            first.items.length === 0 ? (
              <p role="status">{t('grants.none')}</p>
            ) : (
              <Results key={JSON.stringify(applied)} filters={applied} first={first} />
            )
          }
        </Show>
      )}
    </Page>
  );
}

function Results(props: { filters: Filters; first: { items: readonly Grant[]; nextCursor: string | null } }) {
  const pager = usePager(
    props.first,
    (cursor) => fetchGrants(props.filters, cursor),
    (page) => page.items,
  );
  return (
    <>
      <ul class="cards grants-list">
        {pager.items.map((g) => (
          <li key={g.id} class={`card${g.decisionLate ? ' is-late' : ''}`}>
            <p class="kicker">
              <bdi>{g.organisationName}</bdi> · {tx(`track.${g.track}`, g.track)}
            </p>
            <h2 class="h3">
              <a href={`/grants/${g.id}`}>
                <bdi>{g.title}</bdi>
              </a>
            </h2>
            <p class="row">
              <StateTag state={g.state} />
              <MoneyText value={g.award?.amount ?? g.amountRequested} />
              {g.decisionLate && <LateTag />}
            </p>
          </li>
        ))}
      </ul>
      <MoreButton pager={pager} label={t('grants.loadMore')} />
    </>
  );
}
