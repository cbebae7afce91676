/**
 * A CSO's impact profile, as its members, the city's staff and whoever holds a shared link see it: the
 * totals, every grant across its funders, its partnerships, its indicators summed by name and its reports
 * month by month. Each chart is followed by its figures as a table (for screen readers and for anyone
 * who prefers figures), and every figure comes from the one profile, so the page agrees with itself.
 */
import type { ComponentChildren } from 'preact';
import { useMemo, useRef } from 'preact/hooks';
import type { ImpactProfileView } from '../../../functions/src/contract/impact.ts';
import { formatNumber, locale, t, tx } from '../i18n/index.ts';
import { type BarChart, useBarChart } from '../impact-charts.ts';
import { DateText, Dl, MoneyText, StateTag } from '../ui.tsx';

export type { ImpactProfileView };

/** The report states the timeline counts, in the order a report goes through them, and their colours. */
const REPORT_STATES = [
  ['accepted', '#2e7d32'],
  ['submitted', '#1d4f91'],
  ['revision_requested', '#8a5a00'],
  ['overdue', '#b3261e'],
  ['scheduled', '#6b7785'],
] as const;

/**
 * A table that may be wider than the screen between a phone's cards and a desktop: it scrolls sideways
 * in its own box, which takes the keyboard's focus so that it can be scrolled without a mouse.
 */
export function TableWrap(props: { labelledBy: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements lint/a11y/noNoninteractiveTabindex: a box that scrolls must take the keyboard's focus to be scrolled (WCAG 2.1.1), and a group named by its heading says what it holds; a fieldset is for form fields
    <div class="table-wrap" role="group" aria-labelledby={props.labelledBy} tabIndex={0}>
      {props.children}
    </div>
  );
}

const num = (n: number) => <span class="num">{formatNumber(n)}</span>;

export function ImpactProfile(props: {
  profile: ImpactProfileView;
  /** Whether the grants link to their pages (not on a shared link: it opens the profile and nothing else). */
  linkRecords?: boolean;
}) {
  const p = props.profile;
  return (
    <div class="impact">
      <section aria-labelledby="impact-totals-h">
        <h2 id="impact-totals-h">{t('impact.totals')}</h2>
        <Dl
          rows={[
            [t('impact.grantCount'), num(p.grants.length)],
            [t('impact.partnershipCount'), num(p.partnerships.length)],
            [t('impact.awarded'), <MoneyText key="a" value={p.totals.awarded} />],
            [t('impact.paid'), <MoneyText key="p" value={p.totals.paid} />],
            [t('impact.spent'), <MoneyText key="s" value={p.totals.spent} />],
            [t('impact.reportsSubmitted'), num(p.reports.submitted)],
            [t('impact.reportsOnTime'), num(p.reports.onTime)],
            [t('impact.reportsLate'), num(p.reports.late)],
            [t('impact.reportsOverdue'), num(p.reports.overdue)],
          ]}
        />
      </section>
      <Grants profile={p} linkRecords={props.linkRecords ?? false} />
      <Partnerships profile={p} />
      <Indicators profile={p} />
      <Timeline profile={p} />
    </div>
  );
}

function Period(props: { start: string; end: string }) {
  return (
    <span class="period">
      <DateText value={props.start} /> – <DateText value={props.end} />
    </span>
  );
}

const focusNames = (areas: readonly string[]) =>
  new Intl.ListFormat(locale(), { type: 'unit' }).format(areas.map((a) => tx(`focus.${a}`, a)));

function Grants(props: { profile: ImpactProfileView; linkRecords: boolean }) {
  const { grants } = props.profile;
  return (
    <section aria-labelledby="impact-grants-h">
      <h2 id="impact-grants-h">{t('impact.grants')}</h2>
      {grants.length === 0 ? (
        <p>{t('impact.noGrants')}</p>
      ) : (
        <TableWrap labelledBy="impact-grants-h">
          <table class="impact-table">
            <caption class="sr-only">{t('impact.grants')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('impact.grant')}</th>
                <th scope="col">{t('common.state')}</th>
                <th scope="col">{t('impact.funders')}</th>
                <th scope="col">{t('impact.period')}</th>
                <th scope="col">{t('impact.awarded')}</th>
                <th scope="col">{t('impact.paid')}</th>
                <th scope="col">{t('impact.spent')}</th>
              </tr>
            </thead>
            <tbody>
              {grants.map((g) => (
                <tr key={g.id}>
                  <th scope="row">
                    {props.linkRecords ? (
                      <a href={`/grants/${g.id}`}>
                        <bdi>{g.title}</bdi>
                      </a>
                    ) : (
                      <bdi>{g.title}</bdi>
                    )}
                    <br />
                    <span class="muted">{tx(`track.${g.track}`, g.track)}</span>
                  </th>
                  <td>
                    <StateTag state={g.state} />
                  </td>
                  <td>
                    <ul class="plain">
                      {g.funders.map((f) => (
                        <li key={f.id}>
                          <bdi>{f.name}</bdi>
                          <br />
                          <MoneyText value={f.share} />
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <Period start={g.startDate} end={g.endDate} />
                  </td>
                  <td>
                    <MoneyText value={g.awarded} />
                  </td>
                  <td>
                    <MoneyText value={g.paid} />
                  </td>
                  <td>
                    <MoneyText value={g.spent} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function Partnerships(props: { profile: ImpactProfileView }) {
  const { partnerships } = props.profile;
  return (
    <section aria-labelledby="impact-partnerships-h">
      <h2 id="impact-partnerships-h">{t('impact.partnerships')}</h2>
      {partnerships.length === 0 ? (
        <p>{t('impact.noPartnerships')}</p>
      ) : (
        <TableWrap labelledBy="impact-partnerships-h">
          <table class="impact-table">
            <caption class="sr-only">{t('impact.partnerships')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('impact.period')}</th>
                <th scope="col">{t('common.state')}</th>
                <th scope="col">{t('impact.focusAreas')}</th>
              </tr>
            </thead>
            <tbody>
              {partnerships.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Period start={p.start} end={p.end} />
                  </th>
                  <td>
                    <StateTag state={p.state} />
                  </td>
                  <td>{focusNames(p.focusAreas) || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function Indicators(props: { profile: ImpactProfileView }) {
  const { indicators } = props.profile;
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useMemo<BarChart>(
    () => ({
      labels: indicators.map((i) => i.name),
      series: [
        { label: t('impact.target'), values: indicators.map((i) => i.target), colour: '#6b7785' },
        { label: t('impact.result'), values: indicators.map((i) => i.result), colour: '#1d4f91' },
      ],
      across: true,
    }),
    [indicators],
  );
  useBarChart(canvas, chart);
  return (
    <section aria-labelledby="impact-indicators-h">
      <h2 id="impact-indicators-h">{t('impact.indicators')}</h2>
      {indicators.length === 0 ? (
        <p>{t('impact.noIndicators')}</p>
      ) : (
        <>
          <div class="chart-box" style={{ height: `${Math.max(12, 5 * indicators.length)}rem` }}>
            <canvas ref={canvas} role="img" aria-label={t('impact.indicatorsChart')} />
          </div>
          <TableWrap labelledBy="impact-indicators-h">
            <table class="impact-table">
              <caption class="sr-only">{t('impact.indicators')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('impact.indicator')}</th>
                  <th scope="col">{t('impact.target')}</th>
                  <th scope="col">{t('impact.result')}</th>
                </tr>
              </thead>
              <tbody>
                {indicators.map((i) => (
                  <tr key={i.name}>
                    <th scope="row">
                      <bdi>{i.name}</bdi>
                    </th>
                    <td>{num(i.target)}</td>
                    <td>{num(i.result)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}

/** The reports due each month, by state: the portfolio's timeline. */
function byMonth(milestones: ImpactProfileView['milestones']) {
  const months = new Map<string, Record<string, number>>();
  for (const m of milestones) {
    const month = m.dueDate.slice(0, 7);
    const row = months.get(month) ?? {};
    row[m.state] = (row[m.state] ?? 0) + 1;
    months.set(month, row);
  }
  return [...months].sort(([a], [b]) => a.localeCompare(b));
}

const monthName = (month: string) =>
  new Intl.DateTimeFormat(locale(), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

function Timeline(props: { profile: ImpactProfileView }) {
  const { milestones } = props.profile;
  const months = useMemo(() => byMonth(milestones), [milestones]);
  const states = REPORT_STATES.filter(([s]) => months.some(([, row]) => row[s]));
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useMemo<BarChart>(
    () => ({
      labels: months.map(([m]) => monthName(m)),
      series: states.map(([s, colour]) => ({
        label: tx(`state.${s}`, s),
        values: months.map(([, row]) => row[s] ?? 0),
        colour,
      })),
      stacked: true,
    }),
    [months],
  );
  useBarChart(canvas, chart);
  return (
    <section aria-labelledby="impact-timeline-h">
      <h2 id="impact-timeline-h">{t('impact.timeline')}</h2>
      {months.length === 0 ? (
        <p>{t('impact.noReports')}</p>
      ) : (
        <>
          <div class="chart-box">
            <canvas ref={canvas} role="img" aria-label={t('impact.timelineChart')} />
          </div>
          <TableWrap labelledBy="impact-timeline-h">
            <table class="impact-table">
              <caption class="sr-only">{t('impact.timeline')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('impact.month')}</th>
                  {states.map(([s]) => (
                    <th scope="col" key={s}>
                      {tx(`state.${s}`, s)}
                    </th>
                  ))}
                  <th scope="col">{t('impact.reportsDue')}</th>
                </tr>
              </thead>
              <tbody>
                {months.map(([month, row]) => (
                  <tr key={month}>
                    <th scope="row">{monthName(month)}</th>
                    {states.map(([s]) => (
                      <td key={s}>{num(row[s] ?? 0)}</td>
                    ))}
                    <td>{num(Object.values(row).reduce((a, b) => a + b, 0))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}
