/**
 * A funder's portfolio: the grants it funds and its share, their milestones on a timeline (overdue first),
 * on-time against late reports, amounts by state, and a CSV download of it all.
 */
import { api, read } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { ColumnHeads } from '../column-heads.tsx';
import { formatMoney, formatNumber, milestoneTitle, t, tx } from '../i18n/index.ts';
import { DateText, Dl, LateTag, MoneyText, Page, Show, StateTag, useLoad } from '../ui.tsx';
import { csvHref, shareOf } from './funder-csv.ts';

const REPORTED = new Set(['submitted', 'accepted', 'revision_requested']);

export function FunderDashboard(props: { me: Me }) {
  const load = useLoad(
    () =>
      Promise.all([
        read(api.v1.grants.$get({ query: { limit: '100' } })),
        read(api.v1.milestones.$get({ query: {} })),
      ]),
    [],
  );
  const currency = props.me.city.currency;
  const funderId = props.me.organisationId;
  return (
    <Page title={t('funder.title')} lead={t('funder.lead')}>
      <Show load={load}>
        {([grants, milestones]) => {
          const gs = grants.items;
          const ms = [...milestones.items].sort(
            (a, b) =>
              Number(b.state === 'overdue') - Number(a.state === 'overdue') ||
              a.dueDate.localeCompare(b.dueDate),
          );
          const totalShare = gs.reduce((s, g) => s + (shareOf(g, funderId)?.amount ?? 0), 0);
          const totalAward = gs.reduce((s, g) => s + (g.award?.amount.amount ?? 0), 0);
          const reported = ms.filter((m) => REPORTED.has(m.state));
          const overdue = ms.filter((m) => m.state === 'overdue').length;
          // A report not in yet past its due date is late too: the chart and "Overdue reports" agree.
          const onTime = reported.filter((m) => !m.late).length;
          const late = reported.length - onTime + overdue;
          const byState = new Map<string, number>();
          for (const g of gs)
            byState.set(
              g.state,
              (byState.get(g.state) ?? 0) + (g.award?.amount.amount ?? g.amountRequested.amount),
            );
          return (
            <>
              <p>
                <a
                  class="button"
                  href={csvHref(gs, ms, funderId)}
                  download={`portfolio-${props.me.cityId}.csv`}
                >
                  {t('funder.csv')}
                </a>
              </p>
              <Dl
                rows={[
                  [t('funder.grantCount'), formatNumber(gs.length)],
                  [t('funder.totalAward'), formatMoney({ amount: totalAward, currency })],
                  [t('funder.myShare'), formatMoney({ amount: totalShare, currency })],
                  [t('funder.overdue'), formatNumber(overdue)],
                ]}
              />
              <div class="grid2">
                <BarChart
                  id="chart-reports"
                  title={t('funder.chartReports')}
                  bars={[
                    {
                      label: t('funder.onTime'),
                      value: onTime,
                      text: formatNumber(onTime),
                      cls: 'bar-ok',
                    },
                    { label: t('funder.late'), value: late, text: formatNumber(late), cls: 'bar-late' },
                  ]}
                />
                <BarChart
                  id="chart-states"
                  title={t('funder.chartStates')}
                  bars={[...byState.entries()].map(([state, amount]) => ({
                    label: tx(`state.${state}`, state),
                    value: amount,
                    text: formatMoney({ amount, currency }),
                    cls: 'bar-ok',
                  }))}
                />
              </div>
              <section aria-labelledby="tl-h">
                <h2 id="tl-h">{t('funder.timeline')}</h2>
                {ms.length === 0 ? (
                  <p>{t('home.noReports')}</p>
                ) : (
                  <ol class="timeline">
                    {ms.map((m) => (
                      <li key={m.id} class={m.state === 'overdue' ? 'is-late' : ''}>
                        <DateText value={m.dueDate} />{' '}
                        <a href={`/milestones/${m.id}`}>
                          {tx(`kind.${m.kind}`, m.kind)} · <bdi>{milestoneTitle(m)}</bdi>
                        </a>{' '}
                        <StateTag state={m.state} /> {m.late && m.state !== 'overdue' && <LateTag />}
                      </li>
                    ))}
                  </ol>
                )}
              </section>
              <section aria-labelledby="fg-h">
                <h2 id="fg-h">{t('funder.grants')}</h2>
                <div class="table-wrap">
                  <table>
                    <ColumnHeads
                      labels={[
                        t('grant.title'),
                        t('grants.organisation'),
                        t('common.state'),
                        t('award.amount'),
                        t('funder.myShare'),
                      ]}
                    />
                    <tbody>
                      {gs.map((g) => (
                        <tr key={g.id}>
                          <th scope="row">
                            <a href={`/grants/${g.id}`}>
                              <bdi>{g.title}</bdi>
                            </a>
                          </th>
                          <td>
                            <bdi>{g.organisationName}</bdi>
                          </td>
                          <td>
                            <StateTag state={g.state} />
                          </td>
                          <td>
                            <MoneyText value={g.award?.amount} />
                          </td>
                          <td>
                            <MoneyText value={shareOf(g, funderId)} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            </>
          );
        }}
      </Show>
    </Page>
  );
}

interface Bar {
  readonly label: string;
  readonly value: number;
  readonly text: string;
  readonly cls: string;
}

/** A horizontal bar chart in SVG; the same figures as a list for screen readers. */
function BarChart(props: { id: string; title: string; bars: readonly Bar[] }) {
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const row = 28;
  return (
    <figure class="chart" aria-labelledby={`${props.id}-t`}>
      <figcaption id={`${props.id}-t`}>{props.title}</figcaption>
      <svg
        viewBox={`0 0 100 ${props.bars.length * row}`}
        preserveAspectRatio="none"
        role="presentation"
        aria-hidden="true"
        height={props.bars.length * row}
      >
        {props.bars.map((b, i) => (
          <rect
            key={b.label}
            class={b.cls}
            x={0}
            y={i * row + 4}
            height={row - 10}
            width={Math.max(0.5, (b.value / max) * 100)}
          />
        ))}
      </svg>
      <ul class="chart-legend">
        {props.bars.map((b) => (
          <li key={b.label}>
            {b.label}: <strong class="num">{b.text}</strong>
          </li>
        ))}
      </ul>
    </figure>
  );
}
