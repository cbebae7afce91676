/**
 * The CSO's partnership application: its motivation, focus areas, joint action plan and document
 * declarations, kept on this device at every keystroke until it is saved.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api, checked, type FieldError, read } from '../api/client.ts';
import { FOCUS_AREAS, type Me, type Partnership } from '../api/types.ts';
import { wholeNumber } from '../i18n/digits.ts';
import { t, tx } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { byPath, ErrorBox, Field, Loading, Page, RequiredNote } from '../ui.tsx';
import { FileList, UploadField } from '../upload-field.tsx';
import { linesOf, TextField } from './text-field.tsx';

export const DOCUMENT_KINDS = [
  'statutes',
  'registration',
  'board_list',
  'annual_accounts',
  'activity_report',
] as const;
const LEADS = ['cso', 'city', 'joint'] as const;

interface PDraft {
  motivation: string;
  focusAreas: string[];
  /** Whom it serves, one group per line (the grants' wizard asks the same way); absent in older drafts. */
  groups?: string;
  actionPlan: { activity: string; quarter: string; lead: string; indicator: string; target: string }[];
  /** A document's file is the id of its upload (an edit keeps the one already attached). */
  documents: Record<string, { reference: string; date: string; uploadId?: string | undefined }>;
}

const emptyDraft = (): PDraft => ({
  motivation: '',
  focusAreas: [],
  actionPlan: [{ activity: '', quarter: '', lead: 'joint', indicator: '', target: '' }],
  documents: Object.fromEntries(DOCUMENT_KINDS.map((k) => [k, { reference: '', date: '' }])),
});

function toBody(d: PDraft) {
  return {
    motivation: d.motivation,
    focusAreas: d.focusAreas,
    targetGroups: linesOf(d.groups ?? ''),
    actionPlan: d.actionPlan.map((a) => ({
      ...a,
      target: wholeNumber(a.target) ?? Number.NaN,
    })),
    documents: DOCUMENT_KINDS.filter(
      (k) => d.documents[k]?.reference || d.documents[k]?.date || d.documents[k]?.uploadId,
    ).map((k) => {
      const doc = d.documents[k];
      // A file stands in for the reference: an empty one is left out rather than refused.
      const file = doc?.uploadId ? { uploadId: doc.uploadId } : undefined;
      return {
        kind: k,
        ...(file && !doc?.reference ? {} : { reference: doc?.reference ?? '' }),
        ...file,
        date: doc?.date ?? '',
      };
    }),
  };
}

export function PartnershipForm(props: { me: Me; id?: string | undefined }) {
  const key = `passerelle.partnershipDraft.${props.id ?? 'new'}`;
  const [draft, setDraft] = useState<PDraft | null>(null);
  const [record, setRecord] = useState<Partnership | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<unknown>(undefined);
  const [sending, setSending] = useState<Record<string, boolean>>({});
  useEffect(() => {
    const saved = localStorage.getItem(key);
    if (saved) {
      setDraft(JSON.parse(saved) as PDraft);
    } else if (!props.id) setDraft(emptyDraft());
    if (props.id) {
      read(api.v1.partnerships[':id'].$get({ param: { id: props.id } })).then((p) => {
        setRecord(p);
        if (!saved) {
          const base = emptyDraft();
          setDraft({
            motivation: p.motivation,
            focusAreas: [...p.focusAreas],
            groups: (p.targetGroups ?? []).join('\n'),
            actionPlan: p.actionPlan.map((a) => ({ ...a, target: String(a.target) })),
            documents: {
              ...base.documents,
              ...Object.fromEntries(
                p.documents.map((x) => [
                  x.kind,
                  { reference: x.reference ?? '', date: x.date, uploadId: x.uploadId },
                ]),
              ),
            },
          });
        }
      }, setProblem);
    }
  }, [props.id]);
  if (!draft) return problem ? <ErrorBox error={problem} /> : <Loading />;
  const update = (patch: Partial<PDraft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    localStorage.setItem(key, JSON.stringify(next));
  };
  // An upload reports when it is done, after other keystrokes: its file goes into the draft as it is then.
  const setFile = (kind: string, uploadId: string | undefined) =>
    setDraft((d) => {
      if (!d) return d;
      const doc = { reference: '', date: '', ...d.documents[kind], uploadId };
      const next = { ...d, documents: { ...d.documents, [kind]: doc } };
      localStorage.setItem(key, JSON.stringify(next));
      return next;
    });
  const fe = byPath(errors);
  const save = async () => {
    setProblem(undefined);
    const body = toBody(draft);
    const { validate } = await import('../validation.ts');
    const found = validate('PartnershipApplication', body);
    // A file still on its way is waited for, not left out of the application.
    const waiting = Object.entries(sending).flatMap(([k, on]) =>
      on
        ? [{ path: `documents.${k}`, message: 'Wait until every file is sent.', rule: 'files_sending' }]
        : [],
    );
    found.push(...waiting);
    setErrors(found);
    if (found.length > 0) return;
    try {
      const saved = record
        ? await read(
            api.v1.partnerships[':id'].$patch(
              { param: { id: record.id }, json: await checked('PartnershipPatch', body) },
              { headers: { 'If-Match': `"${record.version}"` } },
            ),
          )
        : await read(api.v1.partnerships.$post({ json: await checked('PartnershipApplication', body) }));
      localStorage.removeItem(key);
      navigate(`/partnerships/${saved.id}`);
    } catch (e) {
      setProblem(e);
      if (e instanceof ApiProblem) setErrors([...e.errors]);
    }
  };
  return (
    <Page title={t('partnership.formTitle')} lead={t('partnership.formLead')}>
      {(problem !== undefined || errors.length > 0) && <ErrorBox error={problem} fields={errors} />}
      <form
        class="card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <RequiredNote />
        <TextField
          id="motivation"
          required
          label={t('partnership.motivation')}
          hint={t('partnership.motivationHint')}
          error={fe.motivation}
          rows={5}
          value={draft.motivation}
          onInput={(motivation) => update({ motivation })}
        />
        <FocusAreasSection draft={draft} update={update} fe={fe} />
        <TextField
          id="targetGroups"
          label={`${t('coord.partnershipGroups')} ${t('form.optional')}`}
          hint={t('coord.partnershipGroupsHint')}
          error={fe.targetGroups ?? Object.entries(fe).find(([p]) => p.startsWith('targetGroups.'))?.[1]}
          rows={4}
          value={draft.groups ?? ''}
          onInput={(groups) => update({ groups })}
        />
        <ActionPlanSection draft={draft} update={update} fe={fe} />
        <DocumentsSection
          draft={draft}
          update={update}
          fe={fe}
          record={record}
          onFile={(kind, uploadId, on) => {
            setSending((s) => ({ ...s, [kind]: on }));
            setFile(kind, uploadId);
          }}
        />
        <button type="submit" class="primary">
          {t('partnership.save')}
        </button>
      </form>
      <p class="muted">{t('wizard.autosave')}</p>
    </Page>
  );
}

/** What every section of the form shares: the working copy, how to change it, and its errors by path. */
interface SectionProps {
  readonly draft: PDraft;
  readonly update: (patch: Partial<PDraft>) => void;
  readonly fe: Record<string, string>;
}

function FocusAreasSection({ draft, update, fe }: SectionProps) {
  return (
    <fieldset>
      <legend>{t('partnership.focusAreas')}</legend>
      {fe.focusAreas && <p class="field-error">{fe.focusAreas}</p>}
      <div class="checks">
        {FOCUS_AREAS.map((f) => (
          <div class="check" key={f}>
            <input
              type="checkbox"
              id={`fa-${f}`}
              checked={draft.focusAreas.includes(f)}
              onChange={(e) =>
                update({
                  focusAreas: e.currentTarget.checked
                    ? [...draft.focusAreas, f]
                    : draft.focusAreas.filter((x) => x !== f),
                })
              }
            />
            <label for={`fa-${f}`}>{tx(`focus.${f}`, f)}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

type LineName = 'activity' | 'quarter' | 'indicator' | 'target';

function ActionLineField({
  draft,
  update,
  fe,
  i,
  name,
  label,
}: SectionProps & { i: number; name: LineName; label: string }) {
  return (
    <Field id={`ap-${i}-${name}`} label={label} error={fe[`actionPlan.${i}.${name}`]}>
      {(d, invalid) => (
        <input
          id={`ap-${i}-${name}`}
          value={draft.actionPlan[i]?.[name] ?? ''}
          inputMode={name === 'target' ? 'numeric' : undefined}
          placeholder={name === 'quarter' ? '2027-Q1' : undefined}
          // A quarter is a code (2027-Q1): left to right, else Arabic shows it as Q1-2027.
          dir={name === 'quarter' ? 'ltr' : undefined}
          aria-describedby={d}
          aria-invalid={invalid}
          aria-required="true"
          onInput={(e) =>
            update({
              actionPlan: draft.actionPlan.map((a, j) =>
                j === i ? { ...a, [name]: e.currentTarget.value } : a,
              ),
            })
          }
        />
      )}
    </Field>
  );
}

function ActionPlanSection({ draft, update, fe }: SectionProps) {
  return (
    <fieldset>
      <legend>{t('partnership.actionPlan')}</legend>
      <p class="hint">{t('partnership.actionPlanHint')}</p>
      {draft.actionPlan.map((a, i) => {
        const line = (name: LineName, label: string) => (
          <ActionLineField draft={draft} update={update} fe={fe} i={i} name={name} label={label} />
        );
        return (
          <div class="line" key={i}>
            {line('activity', t('partnership.activity', { n: i + 1 }))}
            {line('quarter', t('partnership.quarter', { n: i + 1 }))}
            <Field id={`ap-${i}-lead`} label={t('partnership.leadSide', { n: i + 1 })}>
              {() => (
                <select
                  id={`ap-${i}-lead`}
                  value={a.lead}
                  onChange={(e) =>
                    update({
                      actionPlan: draft.actionPlan.map((x, j) =>
                        j === i ? { ...x, lead: e.currentTarget.value } : x,
                      ),
                    })
                  }
                >
                  {LEADS.map((l) => (
                    <option key={l} value={l}>
                      {tx(`lead.${l}`, l)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {line('indicator', t('partnership.indicator', { n: i + 1 }))}
            {line('target', t('partnership.target', { n: i + 1 }))}
            <button
              type="button"
              class="link"
              onClick={() => update({ actionPlan: draft.actionPlan.filter((_, j) => j !== i) })}
            >
              {t('wizard.remove', { n: i + 1 })}
            </button>
          </div>
        );
      })}
      <button
        type="button"
        onClick={() =>
          update({
            actionPlan: [
              ...draft.actionPlan,
              { activity: '', quarter: '', lead: 'joint', indicator: '', target: '' },
            ],
          })
        }
      >
        {t('partnership.addActivity')}
      </button>
    </fieldset>
  );
}

function DocumentsSection({
  draft,
  update,
  fe,
  record,
  onFile,
}: SectionProps & {
  record: Partnership | null;
  onFile: (kind: string, uploadId: string | undefined, sending: boolean) => void;
}) {
  return (
    <fieldset>
      <legend>{t('partnership.documents')}</legend>
      <p class="hint">{t('partnership.documentsHint')}</p>
      {DOCUMENT_KINDS.map((k) => {
        const i = toBody(draft).documents.findIndex((x) => x.kind === k);
        return (
          <div class="line" key={k}>
            <DocumentField draft={draft} update={update} fe={fe} kind={k} index={i} part="reference" />
            <DocumentField draft={draft} update={update} fe={fe} kind={k} index={i} part="date" />
            <DocumentFile fe={fe} kind={k} index={i} record={record} onFile={onFile} />
          </div>
        );
      })}
    </fieldset>
  );
}

/** The reference or the date of one document declared; `index` is its place in the body, for its errors. */
function DocumentField({
  draft,
  update,
  fe,
  kind,
  index,
  part,
}: SectionProps & { kind: string; index: number; part: 'reference' | 'date' }) {
  const id = `doc-${kind}-${part === 'reference' ? 'ref' : 'date'}`;
  const doc = tx(`doc.${kind}`, kind);
  return (
    <Field
      id={id}
      label={
        part === 'reference' ? t('partnership.docReference', { doc }) : t('partnership.docDate', { doc })
      }
      error={fe[`documents.${index}.${part}`]}
    >
      {(d, invalid) => (
        <input
          id={id}
          type={part === 'date' ? 'date' : undefined}
          value={draft.documents[kind]?.[part] ?? ''}
          aria-describedby={d}
          aria-invalid={invalid}
          // Its reference may be left out when its file is attached; a document declared always has a date.
          required={part === 'date'}
          onInput={(e) =>
            update({
              documents: {
                ...draft.documents,
                [kind]: { reference: '', date: '', ...draft.documents[kind], [part]: e.currentTarget.value },
              },
            })
          }
        />
      )}
    </Field>
  );
}

/**
 * The file of one document: the one already attached is listed, a new one replaces it; removing the new one
 * brings the attached one back (an edit never drops a file by accident).
 */
function DocumentFile({
  fe,
  kind,
  index,
  record,
  onFile,
}: {
  fe: Record<string, string>;
  kind: string;
  index: number;
  record: Partnership | null;
  onFile: (kind: string, uploadId: string | undefined, sending: boolean) => void;
}) {
  const attached = record?.documents.find((d) => d.kind === kind)?.uploadId;
  const doc = tx(`doc.${kind}`, kind);
  return (
    <div>
      {attached && (
        <FileList files={record?.files?.filter((f) => f.id === attached)} title={doc} preview={false} />
      )}
      <UploadField
        id={`doc-${kind}-file`}
        label={t('files.documentOf', { doc })}
        single
        error={fe[`documents[${index}].uploadId`] ?? fe[`documents.${kind}`]}
        onChange={(ids, sending) => onFile(kind, ids[0] ?? attached, sending)}
      />
    </div>
  );
}
