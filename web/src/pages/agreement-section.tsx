/**
 * The partnership's agreement on its page: whether it waits for signatures or is signed, the template
 * version and the fingerprint (SHA-256) both sides sign, who signed and when, the agreement in each
 * language, and the sign form for the side that has not signed yet (a member of the association, the
 * mayor's office): the full name as signed, an explicit confirmation, and optionally a scan of the paper
 * signed by hand, which the signature then links (read by whoever may read the partnership).
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api, read } from '../api/client.ts';
import type { Me, Partnership } from '../api/types.ts';
import { formatInstant, t } from '../i18n/index.ts';
import { hasRole } from '../session.ts';
import { byPath, ErrorBox, Field, sendEvent } from '../ui.tsx';
import { type FileItem, UploadField, useFileLink } from '../upload-field.tsx';
import { PaperLinks } from './papers.tsx';

type Agreement = NonNullable<Partnership['agreement']>;
type Side = Agreement['signatures'][number]['side'];
const SIDES: readonly Side[] = ['cso', 'city'];

export function AgreementSection(props: {
  me: Me;
  partnership: Partnership;
  onDone: (p: Partnership) => void;
}) {
  const { partnership: p, me } = props;
  const agreement = p.agreement;
  if (!agreement) return null;
  const signedBy = (side: Side) => agreement.signatures.find((s) => s.side === side);
  const both = SIDES.every((side) => signedBy(side));
  const [already, setAlready] = useState(false);
  const mySide: Side | undefined = hasRole(me, 'mayor_office')
    ? 'city'
    : hasRole(me, 'cso')
      ? 'cso'
      : undefined;
  return (
    <section class="card agreement" aria-labelledby="agreement-h">
      <h2 id="agreement-h">{t('agreement.title')}</h2>
      {already && (
        <p class="alert" role="alert">
          {t('agreement.sign.already')}
        </p>
      )}
      <p class="row">
        <span class={`tag ${both ? 'tag-active' : 'tag-approved'}`}>
          {t(both ? 'agreement.signed' : 'agreement.waiting')}
        </span>
      </p>
      <dl class="facts">
        <dt>{t('agreement.version')}</dt>
        <dd>
          <bdi>{agreement.version}</bdi>
        </dd>
        <dt>{t('agreement.hash')}</dt>
        <dd>
          <Fingerprint hash={agreement.hash} />
        </dd>
        {SIDES.map((side) => {
          const s = signedBy(side);
          return [
            <dt key={`${side}-t`}>{t(`agreement.side.${side}`)}</dt>,
            <dd key={`${side}-d`}>
              {s ? (
                <>
                  <bdi>{s.name}</bdi> ·{' '}
                  <bdi>
                    <time dateTime={s.at}>{formatInstant(s.at, me.city.timeZone)}</time>
                  </bdi>
                  {s.scan && (
                    <>
                      {' · '}
                      <ScanLink documentId={s.scan.documentId} />
                    </>
                  )}
                </>
              ) : (
                <span class="muted">{t('agreement.notYet')}</span>
              )}
            </dd>,
          ];
        })}
      </dl>
      <h3>{t('agreement.read')}</h3>
      <PaperLinks paper="agreement" id={p.id} />
      {mySide && p.allowedEvents.includes('sign') && !signedBy(mySide) && (
        <SignForm
          partnership={p}
          side={mySide}
          onDone={props.onDone}
          onAlready={(fresh) => {
            setAlready(true);
            props.onDone(fresh);
          }}
        />
      )}
    </section>
  );
}

/** PDF and images: what a scan of signed paper is. */
const SCAN_TYPES =
  'application/pdf,image/jpeg,image/png,image/webp,image/heic,.pdf,.jpg,.jpeg,.png,.webp,.heic';

/** A signature's scan: its name opens it, once the file and a link to it are had. */
function ScanLink(props: { documentId: string }) {
  const [file, setFile] = useState<FileItem | null>(null);
  useEffect(() => {
    let live = true;
    read(api.v1.documents[':id'].$get({ param: { id: props.documentId } })).then(
      (doc) => {
        if (live) setFile(doc);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [props.documentId]);
  const url = useFileLink(props.documentId, file?.state === 'available');
  if (!file || !url) return <>{t('agreement.scan')}</>;
  return (
    <>
      {t('agreement.scanIs')}{' '}
      <a href={url} target="_blank" rel="noopener noreferrer">
        <bdi>{file.fileName}</bdi>
      </a>
    </>
  );
}

/** The fingerprint, short on screen (whole in its title), and a button that copies it whole. */
function Fingerprint(props: { hash: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <span class="row">
      <code title={props.hash}>
        <bdi>{props.hash.slice(0, 16)}…</bdi>
      </code>
      <button
        type="button"
        class="link"
        onClick={async () => {
          await navigator.clipboard?.writeText(props.hash).catch(() => undefined);
          setCopied(true);
        }}
      >
        {t('agreement.copy')}
      </button>
      <span role="status" class="muted">
        {copied ? t('agreement.copied') : ''}
      </span>
    </span>
  );
}

/**
 * A page opened before the other member of the same side signed sends a stale version (412) or finds the
 * side signed (409): the partnership is read again, and if the side has signed that is what is said.
 */
async function signedMeanwhile(p: Partnership, side: Side, error: unknown): Promise<Partnership | undefined> {
  if (!(error instanceof ApiProblem) || (error.status !== 409 && error.status !== 412)) return undefined;
  const fresh = await read(api.v1.partnerships[':id'].$get({ param: { id: p.id } })).catch(() => undefined);
  return fresh?.agreement?.signatures.some((s) => s.side === side) ? fresh : undefined;
}

function SignForm(props: {
  partnership: Partnership;
  side: Side;
  onDone: (p: Partnership) => void;
  onAlready: (fresh: Partnership) => void;
}) {
  const [name, setName] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [scan, setScan] = useState<{ id: string | undefined; sending: boolean }>({
    id: undefined,
    sending: false,
  });
  const fields = error instanceof ApiProblem ? byPath(error.errors) : {};
  return (
    <form
      class="sign-form"
      aria-labelledby="sign-h"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(undefined);
        try {
          props.onDone(
            await sendEvent('partnership', props.partnership, {
              type: 'sign',
              name: name.trim(),
              ...(scan.id ? { signedScanUploadId: scan.id } : {}),
            }),
          );
        } catch (x) {
          const fresh = await signedMeanwhile(props.partnership, props.side, x);
          if (fresh) props.onAlready(fresh);
          else setError(x);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h3 id="sign-h">{t('agreement.sign.title')}</h3>
      <p>{t('agreement.sign.lead')}</p>
      {error !== undefined && <ErrorBox error={error} />}
      <Field
        id="sign-name"
        label={t('agreement.sign.name')}
        hint={t('agreement.sign.nameHint')}
        error={fields.name}
      >
        {(d, invalid) => (
          <input
            id="sign-name"
            dir="auto"
            autoComplete="name"
            required
            maxLength={200}
            value={name}
            aria-describedby={d}
            aria-invalid={invalid}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        )}
      </Field>
      <UploadField
        id="sign-scan"
        label={t('agreement.scanLabel')}
        hint={t('agreement.scanHint')}
        accept={SCAN_TYPES}
        single
        error={fields.signedScanUploadId ?? fields['signedScanUploadId[0]']}
        onChange={([id], sending) => setScan({ id, sending })}
      />
      <div class="check">
        <input
          id="sign-confirm"
          type="checkbox"
          checked={confirmed}
          required
          onChange={(e) => setConfirmed(e.currentTarget.checked)}
        />
        <label for="sign-confirm">{t(`agreement.sign.confirm.${props.side}`)}</label>
      </div>
      <button type="submit" class="primary" disabled={!confirmed || busy || scan.sending || !name.trim()}>
        {t('agreement.sign.submit')}
      </button>
    </form>
  );
}
