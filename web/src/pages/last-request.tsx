/** Why the record was last sent back (changes, a revision, a refusal): at the top of the record and of its form. */
import { t } from '../i18n/index.ts';
import { DateText } from '../ui.tsx';

export function LastRequest(p: { request?: { at: string; comment: string } | undefined }) {
  if (!p.request) return null;
  return (
    <aside class="notice last-request" aria-label={t('lastRequest.title')}>
      <p>
        <strong>{t('lastRequest.title')}</strong> <DateText value={p.request.at.slice(0, 10)} />
      </p>
      <p dir="auto">{p.request.comment}</p>
    </aside>
  );
}
