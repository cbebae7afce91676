/**
 * The mayor's office's figures of a year of decisions: decided, by the deadline, the median working days,
 * what was committed, and a chart by month (chart.js, loaded with this page only) whose numbers are also
 * a table, for screen readers and for anyone who prefers figures.
 */

import { useRef, useState } from 'preact/hooks';
import { api, read } from '../api/client.ts';
import { useBars } from '../charts.ts';
import { ColumnHeads } from '../column-heads.tsx';
import { formatMoney, formatNumber, locale, t } from '../i18n/index.ts';
import { Dl, Page, Show, useLoad } from '../ui.tsx';

type Insights = Awaited<ReturnType<typeof fetchInsights>>;
const fetchInsights = (year: number) =>
  read(api.v1.insights.decisions.$get({ query: { year: String(year) } }));

const monthName = (month: string) =>
  new Intl.DateTimeFormat(locale(), { month: 'long', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

export function InsightsPage() {
  const thisYear = new Date().getUTCFullYear();
  const [year, setYear] = useState(thisYear);
  const [draft, setDraft] = useState(String(thisYear));
  const load = useLoad(() => fetchInsights(year), [year]);
  return (
    <Page title={t('insights.title')} lead={t('insights.lead')}>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          const y = Number(draft);
          if (Number.isInteger(y) && y >= 2000 && y <= 2100) setYear(y);
        }}
      >
        <div class="field">
          <label for="in-year">{t('insights.year')}</label>
          <input
            id="in-year"
            type="number"
            inputMode="numeric"
            dir="ltr"
            min={2000}
            max={2100}
            value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
        </div>
        <p>
          <button type="submit">{t('insights.show')}</button>
        </p>
      </form>
      <Show load={load}>{(d) => <Figures data={d} />}</Show>
    </Page>
  );
}

function Figures(props: { data: Insights }) {
  const d = props.data;
  return (
    <>
      <Dl
        rows={[
          [
            t('insights.decided'),
            <span key="d" class="num">
              {formatNumber(d.decided)}
            </span>,
          ],
          [
            t('insights.onTime'),
            <span key="o" class="num">
              {formatNumber(d.decidedOnTime)}
            </span>,
          ],
          [
            t('insights.median'),
            <span key="m" class="num">
              {d.medianWorkingDays === null ? '—' : formatNumber(d.medianWorkingDays)}
            </span>,
          ],
          [
            t('insights.committed'),
            <span key="c" class="num">
              {formatMoney(d.committed)}
            </span>,
          ],
        ]}
      />
      <section aria-labelledby="in-month-h">
        <h2 id="in-month-h">{t('insights.byMonth')}</h2>
        <MonthChart data={d} />
        <div class="table-wrap">
          <table class="insights-table">
            <ColumnHeads
              labels={[
                t('insights.month'),
                t('insights.decided'),
                t('insights.onTime'),
                t('insights.committed'),
              ]}
            />
            <tbody>
              {d.byMonth.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{monthName(m.month)}</th>
                  <td class="num">{formatNumber(m.decided)}</td>
                  <td class="num">{formatNumber(m.decidedOnTime)}</td>
                  <td class="num">{formatMoney(m.committed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

/** The bars: decided and decided on time, per month. The table below says the same in figures. */
function MonthChart(props: { data: Insights }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useBars(
    canvas,
    () => ({
      labels: props.data.byMonth.map((m) => monthName(m.month)),
      datasets: [
        {
          label: t('insights.decided'),
          data: props.data.byMonth.map((m) => m.decided),
          backgroundColor: '#1d4f91',
        },
        {
          label: t('insights.onTime'),
          data: props.data.byMonth.map((m) => m.decidedOnTime),
          backgroundColor: '#2e7d32',
        },
      ],
    }),
    [props.data],
  );
  return (
    <div class="chart-box">
      <canvas ref={canvas} role="img" aria-label={t('insights.chartLabel')} />
    </div>
  );
}
