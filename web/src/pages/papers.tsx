/**
 * The papers of a record, in each language, as a web page and as a PDF: a partnership's agreement and a
 * decided grant's letter. Their routes want the bearer token, which a plain link cannot send, so each is
 * fetched and then opened from a blob address (the PDF downloaded); a tab the browser blocks is offered
 * as a link instead.
 */
import { useState } from 'preact/hooks';
import { ApiProblem, api } from '../api/client.ts';
import type { Grant } from '../api/types.ts';
import { LANGS, type Lang, t } from '../i18n/index.ts';
import { ErrorBox } from '../ui.tsx';

type Format = 'html' | 'pdf';
type Paper = 'agreement' | 'letter';

function fetchPaper(paper: Paper, id: string, lang: Lang, format: Format): Promise<Response> {
  const param = { id };
  const query = { lang };
  if (paper === 'agreement')
    return format === 'pdf'
      ? api.v1.partnerships[':id']['agreement.pdf'].$get({ param, query })
      : api.v1.partnerships[':id'].agreement.$get({ param, query });
  return format === 'pdf'
    ? api.v1.grants[':id']['letter.pdf'].$get({ param, query })
    : api.v1.grants[':id'].letter.$get({ param, query });
}

/** A blob address is freed a minute later: long enough for the tab or the download to have read it. */
const forget = (url: string) => setTimeout(() => URL.revokeObjectURL(url), 60_000);

export function PaperLinks(props: { paper: Paper; id: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [blocked, setBlocked] = useState<{ url: string; label: string } | null>(null);
  const open = async (lang: Lang, format: Format, label: string) => {
    setBusy(`${lang}-${format}`);
    setError(undefined);
    setBlocked(null);
    try {
      const res = await fetchPaper(props.paper, props.id, lang, format).catch(() => {
        throw new ApiProblem(0, 'network', undefined, [], 'network');
      });
      if (!res.ok) throw new ApiProblem(res.status, res.statusText, undefined, []);
      const url = URL.createObjectURL(await res.blob());
      forget(url);
      if (format === 'pdf') {
        const a = document.createElement('a');
        a.href = url;
        a.download = `${props.paper}-${props.id}-${lang}.pdf`;
        a.click();
      } else if (!window.open(url, '_blank')) {
        setBlocked({ url, label });
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div class="papers">
      {error !== undefined && <ErrorBox error={error} />}
      <ul class="paper-list">
        {LANGS.map((lang) => (
          <li key={lang} class="paper-item">
            <span class="paper-lang" lang={lang}>
              {t(`lang.${lang}`)}
            </span>
            {(['html', 'pdf'] as const).map((format) => {
              const label = t(format === 'html' ? 'papers.htmlIn' : 'papers.pdfIn', {
                lang: t(`lang.${lang}`),
              });
              return (
                <button
                  key={format}
                  type="button"
                  aria-label={label}
                  disabled={busy !== null}
                  aria-busy={busy === `${lang}-${format}`}
                  onClick={() => void open(lang, format, label)}
                >
                  {t(format === 'html' ? 'papers.html' : 'papers.pdf')}
                </button>
              );
            })}
          </li>
        ))}
      </ul>
      {busy !== null && (
        <p class="muted" role="status">
          {t('papers.preparing')}
        </p>
      )}
      {blocked && (
        <p role="status">
          {t('papers.blocked')}{' '}
          <a href={blocked.url} target="_blank" rel="noopener">
            {blocked.label}
          </a>
        </p>
      )}
    </div>
  );
}

/** A decided grant's letter (the award, or the reasons of a refusal); nothing before the decision. */
export function LetterSection(props: { grant: Grant }) {
  if (props.grant.state !== 'rejected' && !props.grant.award) return null;
  return (
    <section class="card" aria-labelledby="letter-h">
      <h2 id="letter-h">{t('letter.title')}</h2>
      <p>{t('letter.lead')}</p>
      <PaperLinks paper="letter" id={props.grant.id} />
    </section>
  );
}
