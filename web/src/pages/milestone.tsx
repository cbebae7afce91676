/** A reporting milestone: its report form for the CSO, the report and its review for an officer or funder. */
import { useState } from 'preact/hooks';
import { ApiProblem, api, read } from '../api/client.ts';
import type { Me, Milestone } from '../api/types.ts';
import { wholeNumber } from '../i18n/digits.ts';
import { formatNumber, milestoneTitle, parseMoneyInput, t, tx } from '../i18n/index.ts';
import { MoneyField, readAmount } from '../money-field.tsx';
import { isOffline, WaitingToSend } from '../offline.tsx';
import {
  byPath,
  DateText,
  Dl,
  ErrorBox,
  EventButtons,
  Field,
  History,
  LateTag,
  LoadedRecord,
  MoneyText,
  Page,
  StateTag,
  sendEvent,
} from '../ui.tsx';
import { FileList, reviews, UploadField } from '../upload-field.tsx';
import { ConversationSlot, converses } from './conversation-slot.tsx';
import { LastRequest } from './last-request.tsx';

export function MilestonePage(props: { me: Me; id: string }) {
  return (
    <LoadedRecord id={props.id} load={() => read(api.v1.milestones[':id'].$get({ param: { id: props.id } }))}>
      {(m, setUpdated) => {
        return (
          <Page title={`${tx(`kind.${m.kind}`, m.kind)} · ${milestoneTitle(m)}`}>
            <LastRequest request={m.lastRequest} />
            <p class="row">
              <StateTag state={m.state} />
              {m.late && m.state !== 'overdue' && <LateTag />}
            </p>
            <Dl
              rows={[
                [t('milestone.due'), <DateText key="d" value={m.dueDate} />],
                [
                  t('milestone.grant'),
                  m.grantId ? <a href={`/grants/${m.grantId}`}>{m.title}</a> : milestoneTitle(m),
                ],
              ]}
            />
            {m.report && <ReportView milestone={m} />}
            <FileList files={m.documents} title={t('files.title')} preview={reviews(props.me)} />
            {m.reviewComment && (
              <section class="card" aria-labelledby="rc-h">
                <h2 id="rc-h">{t('milestone.reviewComment')}</h2>
                <blockquote>{m.reviewComment}</blockquote>
              </section>
            )}
            {m.allowedEvents.includes('submit_report') && <ReportForm milestone={m} onDone={setUpdated} />}
            <EventButtons entity="milestone" record={m} exclude={['submit_report']} onDone={setUpdated} />
            <History entity="milestone" id={m.id} version={m.version} timeZone={props.me.city.timeZone} />
            {converses(props.me) && (
              <ConversationSlot entity="milestone" id={m.id} timeZone={props.me.city.timeZone} />
            )}
          </Page>
        );
      }}
    </LoadedRecord>
  );
}

function ReportView(props: { milestone: Milestone }) {
  const r = props.milestone.report;
  if (!r) return null;
  return (
    <section aria-labelledby="rep-h" class="card">
      <h2 id="rep-h">{t('report.title')}</h2>
      <h3>{t('report.narrative')}</h3>
      <p class="prose">{r.narrative}</p>
      <h3>{t('report.results')}</h3>
      <ul>
        {r.indicatorResults.map((x) => (
          <li key={x.name}>
            <bdi>{x.name}</bdi>: <span class="num">{formatNumber(x.value)}</span>
          </li>
        ))}
      </ul>
      <Dl rows={[[t('report.spent'), <MoneyText key="s" value={r.spent} />]]} />
    </section>
  );
}

function ReportForm(props: { milestone: Milestone; onDone: (m: Milestone) => void }) {
  const m = props.milestone;
  const key = `passerelle.report.${m.id}`;
  const saved = (() => {
    try {
      return JSON.parse(localStorage.getItem(key) ?? 'null') as {
        narrative: string;
        values: string[];
        spent: string;
      } | null;
    } catch {
      return null;
    }
  })();
  const [narrative, setNarrative] = useState(saved?.narrative ?? m.report?.narrative ?? '');
  const [values, setValues] = useState<string[]>(
    saved?.values ??
      m.indicators.map((n) => String(m.report?.indicatorResults.find((r) => r.name === n)?.value ?? '')),
  );
  const [spent, setSpent] = useState(saved?.spent ?? '');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<{ ids: string[]; sending: boolean }>({ ids: [], sending: false });
  const remember = (patch: Partial<{ narrative: string; values: string[]; spent: string }>) =>
    localStorage.setItem(key, JSON.stringify({ narrative, values, spent, ...patch }));
  const fields = error instanceof ApiProblem ? byPath(error.errors) : {};
  // An amount that cannot be read safely says why (an ambiguous "12.000" is asked about, not guessed).
  const f = (p: string) =>
    p === 'report.spent.amount' && fields[p] && spent.trim()
      ? (readAmount(spent, m.currency).problem ?? fields[p])
      : fields[p];

  const submit = async () => {
    // The button stays focusable while sending (a disabled one drops the focus): a second press waits.
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const amount = spent.trim() ? parseMoneyInput(spent, m.currency) : undefined;
      const bad = values.flatMap((v, i) =>
        wholeNumber(v) !== undefined
          ? []
          : [
              {
                path: `report.indicatorResults.${i}.value`,
                message: v.trim() ? 'Use a whole number.' : 'Write something here.',
              },
            ],
      );
      if (amount === undefined)
        bad.push({
          path: 'report.spent.amount',
          message: spent.trim() ? '__money' : 'Write something here.',
        });
      const report = {
        narrative,
        indicatorResults: m.indicators.map((name, i) => ({ name, value: wholeNumber(values[i] ?? '') ?? 0 })),
        spent: { amount: amount ?? 0, currency: m.currency },
        ...(files.ids.length > 0 ? { attachments: files.ids } : {}),
      };
      // A file still on its way is waited for, not left out of the report.
      if (files.sending)
        throw new ApiProblem(400, 'invalid', undefined, [
          { path: 'report.attachments', message: 'Wait until every file is sent.', rule: 'files_sending' },
        ]);
      if (bad.length > 0) {
        const { validate } = await import('../validation.ts');
        const more = validate('MilestoneEvent', { type: 'submit_report', report }).filter(
          (e) => !bad.some((b) => b.path === e.path),
        );
        throw new ApiProblem(400, 'invalid', undefined, [...bad, ...more]);
      }
      const next = await sendEvent('milestone', m, { type: 'submit_report', report });
      localStorage.removeItem(key);
      props.onDone(next);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="rf-h" class="card">
      <h2 id="rf-h">{t('report.formTitle')}</h2>
      <p class="hint">{t('report.privacy')}</p>
      {error !== undefined && !isOffline(error) && <ErrorBox error={error} />}
      <WaitingToSend waiting={isOffline(error)} busy={busy} onSend={() => void submit()} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field
          id="narrative"
          label={t('report.narrative')}
          hint={t('report.narrativeHint')}
          error={f('report.narrative')}
        >
          {(d, invalid) => (
            <textarea
              id="narrative"
              rows={6}
              value={narrative}
              aria-describedby={d}
              aria-invalid={invalid}
              onInput={(e) => {
                setNarrative(e.currentTarget.value);
                remember({ narrative: e.currentTarget.value });
              }}
            />
          )}
        </Field>
        <fieldset>
          <legend>{t('report.results')}</legend>
          {m.indicators.map((name, i) => (
            <Field
              key={name}
              id={`res-${i}`}
              label={t('report.count', { name })}
              error={f(`report.indicatorResults.${i}.value`)}
            >
              {(d, invalid) => (
                <input
                  id={`res-${i}`}
                  inputMode="numeric"
                  value={values[i] ?? ''}
                  aria-describedby={d}
                  aria-invalid={invalid}
                  onInput={(e) => {
                    const next = values.map((v, j) => (j === i ? e.currentTarget.value : v));
                    setValues(next);
                    remember({ values: next });
                  }}
                />
              )}
            </Field>
          ))}
        </fieldset>
        <MoneyField
          id="spent"
          label={t('report.spentLabel', { currency: m.currency })}
          error={f('report.spent.amount') ?? f('report.spent')}
          value={spent}
          currency={m.currency}
          onInput={(text) => {
            setSpent(text);
            remember({ spent: text });
          }}
        />
        <UploadField
          id="report-files"
          label={t('files.reportLabel')}
          hint={t('files.reportHint')}
          beneficiaryWarning
          error={f('report.attachments')}
          onChange={(ids, sending) => setFiles({ ids, sending })}
        />
        <button type="submit" class="primary" aria-disabled={busy}>
          {t('event.submit_report')}
        </button>
      </form>
    </section>
  );
}
