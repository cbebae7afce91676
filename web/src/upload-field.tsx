/**
 * Files at every attach point: one control to pick files (from a phone's camera too), send each straight
 * to storage with the presigned form the API signs, watch it go, retry one that failed and remove one
 * before the form is submitted; and the list of a record's files, with an inline preview for those who
 * review them. The form that holds the control attaches the ids it reports (`onChange`).
 * File names are the users' own text: each is isolated from the page's direction (<bdi>).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, api, checked, read } from './api/client.ts';
import { formatNumber, t } from './i18n/index.ts';
import { ErrorBox } from './ui.tsx';

/** What a file input offers: the types the API takes, and what a phone names them by. */
export const ACCEPT =
  'application/pdf,image/jpeg,image/png,image/webp,image/heic,.pdf,.jpg,.jpeg,.png,.webp,.heic,.docx,.xlsx,.odt,.ods,.csv,.txt';
const MAX_BYTES = 20 * 1024 * 1024;

/** Who reviews files (officers, the mayor's office, funders): they see them inline. */
export const reviews = (me: { roles: readonly string[] }): boolean =>
  me.roles.some((r) => r === 'city_officer' || r === 'mayor_office' || r === 'funder');

/** A file as the API lists it on a record. */
export interface FileItem {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly state: string;
}

/** A file sent to storage and not attached yet: what a form keeps of it to attach it later. */
export interface SentFile {
  readonly uploadId: string;
  readonly fileName: string;
  readonly size: number;
}

interface Pending {
  readonly key: string;
  readonly name: string;
  readonly size: number;
  /** The file chosen in this visit (to send it again); none for a file sent in an earlier one. */
  readonly file?: File;
  status: 'sending' | 'sent' | 'failed';
  progress: number;
  uploadId?: string;
  problem?: unknown;
}

/** The content type a browser may leave empty (HEIC, CSV on some systems): named from the extension. */
function typeOf(file: File): string {
  if (file.type) return file.type;
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  const known: Record<string, string> = {
    heic: 'image/heic',
    csv: 'text/csv',
    txt: 'text/plain',
    pdf: 'application/pdf',
  };
  return known[ext] ?? 'application/octet-stream';
}

/** Sends one file with the presigned form: the form's fields, the file last; progress as a fraction. */
function postForm(
  upload: { url: string; fields: Readonly<Record<string, string>> },
  file: File,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', upload.url);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () =>
      xhr.status < 300 ? resolve() : reject(new ApiProblem(xhr.status, 'upload', undefined, [], 'upload'));
    xhr.onerror = () => reject(new ApiProblem(0, 'network', undefined, [], 'network'));
    xhr.send(form);
  });
}

export const formatSize = (bytes: number): string =>
  bytes < 1024 * 1024
    ? t('files.kb', { n: formatNumber(Math.max(1, Math.round(bytes / 1024))) })
    : t('files.mb', { n: formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10) });

/**
 * The upload control. `onChange` gets the ids of the files sent and not removed, in the order chosen,
 * whether a file is still being sent (the form should wait for it), and the files sent (to keep them).
 * `kept` lists files sent in an earlier visit, shown as sent. While a file is being sent, leaving the page
 * asks first: the file would not be kept.
 */
export function UploadField(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  /** Report files: the same "no names of beneficiaries" rule as the report's text. */
  beneficiaryWarning?: boolean;
  /** One file only (a proof of payment). */
  single?: boolean;
  error?: string | undefined;
  /** The types offered, when fewer than every type the API takes (a signed scan: PDF and images). */
  accept?: string;
  kept?: readonly SentFile[] | undefined;
  onChange: (uploadIds: string[], sending: boolean, sent: SentFile[]) => void;
}) {
  const [items, setItems] = useState<Pending[]>(() =>
    (props.kept ?? []).map((f) => ({
      key: `k-${f.uploadId}`,
      name: f.fileName,
      size: f.size,
      status: 'sent',
      progress: 1,
      uploadId: f.uploadId,
    })),
  );
  const input = useRef<HTMLInputElement>(null);
  const counter = useRef(0);
  // The list as it is now, for the callbacks of uploads in flight.
  const current = useRef(items);

  const update = (next: Pending[]) => {
    // Kept at once, not at the next render: a file's progress may come before it.
    current.current = next;
    setItems(next);
    const sent = next.flatMap((p) =>
      p.status === 'sent' && p.uploadId ? [{ uploadId: p.uploadId, fileName: p.name, size: p.size }] : [],
    );
    props.onChange(
      sent.map((f) => f.uploadId),
      next.some((p) => p.status === 'sending'),
      sent,
    );
  };
  const sending = items.some((p) => p.status === 'sending');
  useEffect(() => {
    if (!sending) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener('beforeunload', ask);
    return () => removeEventListener('beforeunload', ask);
  }, [sending]);
  const patch = (key: string, change: Partial<Pending>) =>
    update(current.current.map((p) => (p.key === key ? { ...p, ...change } : p)));

  const send = async (item: Pending, file: File) => {
    patch(item.key, { status: 'sending', progress: 0, problem: undefined });
    try {
      if (file.size > MAX_BYTES) throw new ApiProblem(422, 'too_big', t('files.tooBig'), []);
      const json = await checked('UploadRequest', {
        fileName: file.name,
        contentType: typeOf(file),
        size: file.size,
      });
      const created = await read(api.v1.uploads.$post({ json }));
      await postForm(created.upload, file, (progress) => patch(item.key, { progress }));
      patch(item.key, { status: 'sent', progress: 1, uploadId: created.id });
    } catch (problem) {
      patch(item.key, { status: 'failed', problem });
    }
  };

  const choose = (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const added = [...files].map((file) => ({
      key: `f${counter.current++}`,
      name: file.name,
      size: file.size,
      file,
      status: 'sending' as const,
      progress: 0,
    }));
    const base = props.single ? [] : current.current;
    update([...base, ...added]);
    for (const item of added) void send(item, item.file);
    if (input.current) input.current.value = '';
  };

  const hintId = `${props.id}-hint`;
  const errorId = `${props.id}-error`;
  const described = [props.hint || props.beneficiaryWarning ? hintId : '', props.error ? errorId : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`field upload-field${props.error ? ' has-error' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {(props.hint || props.beneficiaryWarning) && (
        <p class="hint" id={hintId}>
          {props.beneficiaryWarning && <strong>{t('files.noNames')} </strong>}
          {props.hint ?? t('files.hint')}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={errorId}>
          {props.error}
        </p>
      )}
      <input
        ref={input}
        id={props.id}
        type="file"
        accept={props.accept ?? ACCEPT}
        capture="environment"
        multiple={!props.single}
        aria-describedby={described || undefined}
        aria-invalid={!!props.error}
        onChange={(e) => choose(e.currentTarget.files)}
      />
      {items.length > 0 && (
        <ul class="upload-list" aria-label={t('files.chosen')}>
          {items.map((p) => (
            <li key={p.key} class={`upload upload-${p.status}`}>
              <span class="upload-name">
                <bdi>{p.name}</bdi> <span class="muted">({formatSize(p.size)})</span>
              </span>{' '}
              {p.status === 'sending' && (
                <progress max={1} value={p.progress} aria-label={t('files.sending', { name: p.name })} />
              )}
              <span class="muted" aria-live="polite">
                {p.status === 'sending'
                  ? t('files.percent', { n: formatNumber(Math.round(p.progress * 100)) })
                  : p.status === 'sent'
                    ? t('files.sent')
                    : t('files.failed')}
              </span>
              {p.status === 'failed' && p.problem !== undefined && <ErrorBox error={p.problem} />}
              <span class="row">
                {p.status === 'failed' && p.file && (
                  <button type="button" onClick={() => p.file && void send(p, p.file)}>
                    {t('files.retry')}
                    <span class="sr-only">
                      {' '}
                      <bdi>{p.name}</bdi>
                    </span>
                  </button>
                )}
                <button type="button" onClick={() => update(current.current.filter((x) => x.key !== p.key))}>
                  {t('files.remove')}
                  <span class="sr-only">
                    {' '}
                    <bdi>{p.name}</bdi>
                  </span>
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A short-lived link to a file, for whoever may read it (null while it comes, or when it cannot be had). */
export function useFileLink(id: string, wanted: boolean): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    read(api.v1.documents[':id'].content.$get({ param: { id }, query: { as: 'link' } })).then(
      (link) => {
        if (live && 'url' in link) setUrl(link.url);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id, wanted]);
  return url;
}

function FileEntry(props: { file: FileItem; preview: boolean }) {
  const f = props.file;
  const available = f.state === 'available';
  const url = useFileLink(f.id, available);
  const image = f.contentType.startsWith('image/') && f.contentType !== 'image/heic';
  return (
    <li class="file">
      {props.preview && image && url && (
        <img class="file-thumb" src={url} alt={t('files.previewOf', { name: f.fileName })} loading="lazy" />
      )}
      <span class="upload-name">
        {url ? (
          <a href={url} target="_blank" rel="noopener noreferrer">
            <bdi>{f.fileName}</bdi>
          </a>
        ) : (
          <bdi>{f.fileName}</bdi>
        )}{' '}
        <span class="muted">({formatSize(f.size)})</span>
      </span>
      {!available && (
        <span class="muted"> · {t(f.state === 'scanning' ? 'files.scanning' : 'files.quarantined')}</span>
      )}
      {props.preview && url && f.contentType === 'application/pdf' && (
        <details class="file-pdf">
          <summary>{t('files.previewPdf')}</summary>
          <iframe src={url} title={t('files.previewOf', { name: f.fileName })} loading="lazy" />
        </details>
      )}
    </li>
  );
}

/**
 * A record's files: each one's name opens it (a link that works for a few minutes); `preview` shows images
 * inline and a PDF on demand, for the officers and funders who review them.
 */
export function FileList(props: { files: readonly FileItem[] | undefined; title: string; preview: boolean }) {
  const files = props.files ?? [];
  if (files.length === 0) return null;
  return (
    <section class="files" aria-label={props.title}>
      <h3>{props.title}</h3>
      <ul class="file-list">
        {files.map((f) => (
          <FileEntry key={f.id} file={f} preview={props.preview} />
        ))}
      </ul>
    </section>
  );
}
