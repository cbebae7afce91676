/**
 * A submitted report as its reviewers read it (the officer, a funder of the grant) and as the CSO sees it
 * back: each indicator's result beside its target, spent against budgeted by budget line, the underspend
 * and its fate, or for an annual review how each activity of the action plan went. Each chart is followed
 * by a table of the same numbers, for screen readers and for anyone who prefers figures. Loaded with the
 * report only (its own chunk, with chart.js fetched on demand), off the first load.
 */
import { useRef } from 'preact/hooks';
import { api, read } from '../api/client.ts';
import type { Milestone, Money } from '../api/types.ts';
import { useBars } from '../charts.ts';
import { currencyDigits, formatDate, formatMoney, formatNumber, t, tx } from '../i18n/index.ts';
import { Dl, MoneyText, useLoad } from '../ui.tsx';

type Report = NonNullable<Milestone['report']>;

const TARGET_COLOUR = '#6b7682';
const RESULT_COLOUR = '#1d4f91';

export function ReportView(props: { milestone: Milestone }) {
  const m = props.milestone;
  const r = m.report;
  if (!r) return null;
  return (
    <section aria-labelledby="rep-h" class="card">
      <h2 id="rep-h">{t('report.title')}</h2>
      <h3>{t('report.narrative')}</h3>
      <p class="prose" dir="auto">
        {r.narrative}
      </p>
      <Results milestone={m} report={r} />
      {r.activityResults && <Activities milestone={m} report={r} />}
      {m.parentType === 'grant' && <Spending milestone={m} report={r} />}
    </section>
  );
}

/** Results against targets: the bars, then the same numbers with the counts by category. */
function Results(props: { milestone: Milestone; report: Report }) {
  const rows = props.report.indicatorResults.map((x) => ({
    ...x,
    target: props.milestone.targets?.find((tg) => tg.name === x.name)?.target,
  }));
  const canvas = useRef<HTMLCanvasElement>(null);
  useBars(
    canvas,
    () => ({
      horizontal: true,
      labels: rows.map((x) => x.name),
      datasets: [
        { label: t('report.targetH'), data: rows.map((x) => x.target ?? 0), backgroundColor: TARGET_COLOUR },
        { label: t('report.resultH'), data: rows.map((x) => x.value), backgroundColor: RESULT_COLOUR },
      ],
    }),
    [props.report],
  );
  return (
    <section aria-labelledby="rep-res-h">
      <h3 id="rep-res-h">{t('report.results')}</h3>
      {rows.length > 0 && (
        <div class="chart-box" style={{ height: `${Math.max(8, rows.length * 4)}rem` }}>
          <canvas ref={canvas} role="img" aria-label={t('report.resultsChart')} />
        </div>
      )}
      <div class="table-wrap">
        <table class="report-table">
          <caption>{t('report.resultsTable')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('report.indicatorH')}</th>
              <th scope="col">{t('report.targetH')}</th>
              <th scope="col">{t('report.resultH')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.flatMap((x) => [
              <tr key={x.name}>
                <th scope="row">
                  <bdi>{x.name}</bdi>
                </th>
                <td class="num">{x.target === undefined ? '—' : formatNumber(x.target)}</td>
                <td class="num">{formatNumber(x.value)}</td>
              </tr>,
              ...(x.byCategory ?? []).map((c) => (
                <tr key={`${x.name}/${c.category}`} class="sub-row">
                  <th scope="row">
                    {t('report.ofWhich')} <bdi>{c.category}</bdi>
                  </th>
                  <td class="num">—</td>
                  <td class="num">{formatNumber(c.value)}</td>
                </tr>
              )),
            ])}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** An annual review: how each activity of the action plan went, the city's and the CSO's. */
function Activities(props: { milestone: Milestone; report: Report }) {
  const plan = props.milestone.activities ?? [];
  return (
    <section aria-labelledby="rep-act-h">
      <h3 id="rep-act-h">{t('report.activities')}</h3>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('report.activityH')}</th>
              <th scope="col">{t('partnership.leadH')}</th>
              <th scope="col">{t('report.statusH')}</th>
              <th scope="col">{t('report.noteH')}</th>
            </tr>
          </thead>
          <tbody>
            {(props.report.activityResults ?? []).map((a) => {
              const planned = plan.find((p) => p.activity === a.activity);
              return (
                <tr key={a.activity}>
                  <th scope="row">
                    <bdi>{a.activity}</bdi>
                  </th>
                  <td>{planned ? tx(`lead.${planned.lead}`, planned.lead) : '—'}</td>
                  <td>{t(`activity.${a.status}`)}</td>
                  <td dir="auto">{a.note ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Money in the currency's major units, for the bars (the table keeps the exact amounts). */
const major = (m: Money | undefined) => (m ? m.amount / 10 ** currencyDigits(m.currency) : 0);

/** Spent against budgeted by budget line, the total, the award, the underspend and what happens to it. */
function Spending(props: { milestone: Milestone; report: Report }) {
  const m = props.milestone;
  const r = props.report;
  const lines = (m.budget ?? []).map((b) => ({
    label: b.label,
    budgeted: b.amount,
    spent: r.spentByLine?.find((l) => l.label === b.label)?.amount,
  }));
  const byLine = r.spentByLine !== undefined && lines.length > 0;
  const canvas = useRef<HTMLCanvasElement>(null);
  useBars(
    canvas,
    () => ({
      horizontal: true,
      labels: lines.map((l) => l.label),
      datasets: [
        {
          label: t('report.budgetH'),
          data: lines.map((l) => major(l.budgeted)),
          backgroundColor: TARGET_COLOUR,
        },
        { label: t('report.spentH'), data: lines.map((l) => major(l.spent)), backgroundColor: RESULT_COLOUR },
      ],
      format: (v) => formatNumber(v),
    }),
    [r],
  );
  return (
    <section aria-labelledby="rep-sp-h">
      <h3 id="rep-sp-h">{t('report.spending')}</h3>
      {byLine && (
        <>
          <div class="chart-box" style={{ height: `${Math.max(8, lines.length * 4)}rem` }}>
            <canvas
              ref={canvas}
              role="img"
              aria-label={t('report.spendingChart', { currency: m.currency })}
            />
          </div>
          <div class="table-wrap">
            <table class="report-table">
              <caption>{t('report.spendingTable')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('report.lineH')}</th>
                  <th scope="col">{t('report.budgetH')}</th>
                  <th scope="col">{t('report.spentH')}</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.label}>
                    <th scope="row">
                      <bdi>{l.label}</bdi>
                    </th>
                    <td class="num">{formatMoney(l.budgeted)}</td>
                    <td class="num">{l.spent ? formatMoney(l.spent) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <Dl
        rows={[
          ...(m.awarded ? [[t('report.awarded'), <MoneyText key="a" value={m.awarded} />] as const] : []),
          [t('report.spent'), <MoneyText key="s" value={r.spent} />],
          ...(m.underspent
            ? [
                [t('report.underspentH'), <MoneyText key="u" value={m.underspent} />] as const,
                [
                  t('report.underspendLegend'),
                  r.underspend ? t(`underspend.${r.underspend}`) : t('report.underspendUnsaid'),
                ] as const,
              ]
            : []),
        ]}
      />
    </section>
  );
}

/**
 * Who accepts the report: the city and each co-funder that asked at award to review it. The report is
 * accepted once all of them have; a query sends it back to the CSO and starts a new round.
 */
export function ReviewStatus(props: { milestone: Milestone }) {
  const m = props.milestone;
  const reviewers = m.reviewers ?? [];
  const names = useLoad(
    () =>
      m.grantId && reviewers.length > 0
        ? read(api.v1.grants[':id'].$get({ param: { id: m.grantId } })).then(
            (g) => new Map((g.award?.funders ?? []).map((f) => [f.funderId, f.name ?? f.funderId])),
          )
        : Promise.resolve(new Map<string, string>()),
    [m.grantId, reviewers.join(',')],
  );
  if (
    reviewers.length === 0 ||
    !m.report ||
    !['submitted', 'accepted', 'revision_requested'].includes(m.state)
  )
    return null;
  const reviews = m.reviews ?? [];
  const sides = [
    { key: 'city', name: t('review.city'), review: reviews.findLast((r) => r.side === 'city') },
    ...reviewers.map((id) => ({
      key: id,
      name: names.data?.get(id) ?? id,
      review: reviews.findLast((r) => r.side === 'funder' && r.funderId === id),
    })),
  ];
  const waiting = sides.filter((s) => s.review?.decision !== 'accepted').length;
  return (
    <section aria-labelledby="rev-h" class="card">
      <h2 id="rev-h">{t('review.title')}</h2>
      <p>{waiting === 0 ? t('review.allAccepted') : t('review.waitingCount', { n: waiting })}</p>
      <ul class="review-sides">
        {sides.map((s) => (
          <li key={s.key}>
            <bdi>{s.name}</bdi>
            {': '}
            {s.review
              ? t(s.review.decision === 'accepted' ? 'review.acceptedOn' : 'review.queriedOn', {
                  date: formatDate(s.review.at.slice(0, 10)),
                })
              : t('review.toAccept')}
          </li>
        ))}
      </ul>
    </section>
  );
}
