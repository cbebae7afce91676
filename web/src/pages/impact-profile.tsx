/**
 * A CSO's impact profile, as its members, the city's staff and whoever holds a shared link see it: the
 * totals, every grant across its funders, its partnerships, its indicators summed by name and its reports
 * month by month. Each chart is followed by its figures as a table (for screen readers and for anyone
 * who prefers figures), and every figure comes from the one profile, so the page agrees with itself.
 */

import type { ComponentChildren } from 'preact';
import { useMemo, useRef } from 'preact/hooks';
import type { ImpactProfileView } from '../../../functions/src/contract/impact.ts';
import { useBars } from '../charts.ts';
import { ColumnHeads } from '../column-heads.tsx';
import { formatNumber, locale, t, tx } from '../i18n/index.ts';
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

/** A part of the profile: its heading, then what it shows, or a sentence when it has nothing yet. */
function Part(props: { id: string; title: string; empty: string | false; children: ComponentChildren }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.empty ? <p>{props.empty}</p> : props.children}
    </section>
  );
}

/**
 * A table of figures: a caption for screen readers, its columns, one row per item whose first cell heads
 * the row (a phone shows each row as a card, each value under its column's name).
 */
export function FigureTable<T>(props: {
  labelledBy: string;
  caption: string;
  columns: readonly string[];
  items: readonly T[];
  rowKey: (item: T) => string;
  row: (item: T) => readonly [ComponentChildren, ...ComponentChildren[]];
}) {
  return (
    <TableWrap labelledBy={props.labelledBy}>
      <table class="impact-table">
        <caption class="sr-only">{props.caption}</caption>
        <ColumnHeads labels={props.columns} />
        <tbody>
          {props.items.map((item) => {
            const [head, ...cells] = props.row(item);
            return (
              <tr key={props.rowKey(item)}>
                <th scope="row">{head}</th>
                {cells.map((cell, i) => (
                  <td key={props.columns[i + 1]}>{cell}</td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

function Grants(props: { profile: ImpactProfileView; linkRecords: boolean }) {
  const { grants } = props.profile;
  const title = (g: (typeof grants)[number]) => <bdi>{g.title}</bdi>;
  return (
    <Part id="impact-grants-h" title={t('impact.grants')} empty={grants.length === 0 && t('impact.noGrants')}>
      <FigureTable
        labelledBy="impact-grants-h"
        caption={t('impact.grants')}
        columns={[
          t('impact.grant'),
          t('common.state'),
          t('impact.funders'),
          t('impact.period'),
          t('impact.awarded'),
          t('impact.paid'),
          t('impact.spent'),
        ]}
        items={grants}
        rowKey={(g) => g.id}
        row={(g) => [
          <>
            {props.linkRecords ? <a href={`/grants/${g.id}`}>{title(g)}</a> : title(g)}
            <br />
            <span class="muted">{tx(`track.${g.track}`, g.track)}</span>
          </>,
          <StateTag key="s" state={g.state} />,
          <ul key="f" class="plain">
            {g.funders.map((f) => (
              <li key={f.id}>
                <bdi>{f.name}</bdi>
                <br />
                <MoneyText value={f.share} />
              </li>
            ))}
          </ul>,
          <Period key="p" start={g.startDate} end={g.endDate} />,
          <MoneyText key="a" value={g.awarded} />,
          <MoneyText key="pd" value={g.paid} />,
          <MoneyText key="sp" value={g.spent} />,
        ]}
      />
    </Part>
  );
}

function Partnerships(props: { profile: ImpactProfileView }) {
  const { partnerships } = props.profile;
  return (
    <Part
      id="impact-partnerships-h"
      title={t('impact.partnerships')}
      empty={partnerships.length === 0 && t('impact.noPartnerships')}
    >
      <FigureTable
        labelledBy="impact-partnerships-h"
        caption={t('impact.partnerships')}
        columns={[t('impact.period'), t('common.state'), t('impact.focusAreas')]}
        items={partnerships}
        rowKey={(p) => p.id}
        row={(p) => [
          <Period key="p" start={p.start} end={p.end} />,
          <StateTag key="s" state={p.state} />,
          focusNames(p.focusAreas) || '—',
        ]}
      />
    </Part>
  );
}

function Indicators(props: { profile: ImpactProfileView }) {
  const { indicators } = props.profile;
  const canvas = useRef<HTMLCanvasElement>(null);
  useBars(
    canvas,
    () => ({
      labels: indicators.map((i) => i.name),
      datasets: [
        { label: t('impact.target'), data: indicators.map((i) => i.target), backgroundColor: '#6b7785' },
        { label: t('impact.result'), data: indicators.map((i) => i.result), backgroundColor: '#1d4f91' },
      ],
      horizontal: true,
    }),
    [indicators],
  );
  return (
    <Part
      id="impact-indicators-h"
      title={t('impact.indicators')}
      empty={indicators.length === 0 && t('impact.noIndicators')}
    >
      <div class="chart-box" style={{ height: `${Math.max(12, 5 * indicators.length)}rem` }}>
        <canvas ref={canvas} role="img" aria-label={t('impact.indicatorsChart')} />
      </div>
      <FigureTable
        labelledBy="impact-indicators-h"
        caption={t('impact.indicators')}
        columns={[t('impact.indicator'), t('impact.target'), t('impact.result')]}
        items={indicators}
        rowKey={(i) => i.name}
        row={(i) => [<bdi key="n">{i.name}</bdi>, num(i.target), num(i.result)]}
      />
    </Part>
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
  useBars(
    canvas,
    () => ({
      labels: months.map(([m]) => monthName(m)),
      datasets: states.map(([s, colour]) => ({
        label: tx(`state.${s}`, s),
        data: months.map(([, row]) => row[s] ?? 0),
        backgroundColor: colour,
      })),
      stacked: true,
    }),
    [months],
  );
  return (
    <Part
      id="impact-timeline-h"
      title={t('impact.timeline')}
      empty={months.length === 0 && t('impact.noReports')}
    >
      <div class="chart-box">
        <canvas ref={canvas} role="img" aria-label={t('impact.timelineChart')} />
      </div>
      <FigureTable
        labelledBy="impact-timeline-h"
        caption={t('impact.timeline')}
        columns={[t('impact.month'), ...states.map(([s]) => tx(`state.${s}`, s)), t('impact.reportsDue')]}
        items={months}
        rowKey={([month]) => month}
        row={([month, row]) => [
          monthName(month),
          ...states.map(([s]) => num(row[s] ?? 0)),
          num(Object.values(row).reduce((a, b) => a + b, 0)),
        ]}
      />
    </Part>
  );
}
