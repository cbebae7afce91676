/**
 * The warning shown on every page two minutes before the session ends (WCAG 2.2.1): announced without
 * taking the focus from what the user is typing, with a button to stay signed in on the same page.
 */
import { useState } from 'preact/hooks';
import { t } from './i18n/index.ts';
import { staySignedIn, takeSignedOutReason, useExpiryWarning } from './session.ts';

export function SessionWarning() {
  const on = useExpiryWarning();
  const [failed, setFailed] = useState(false);
  if (!on) return null;
  return (
    <div class="alert session-warning" role="alert">
      <p>{t('session.warning')}</p>
      {failed && <p>{t('session.failed')}</p>}
      <button
        type="button"
        class="primary"
        onClick={() => {
          setFailed(false);
          staySignedIn().catch(() => setFailed(true));
        }}
      >
        {t('session.stay')}
      </button>
    </div>
  );
}

/** On the sign-in page: why the user is there when the session ran out. */
export function SignedOutNotice() {
  const [reason] = useState(takeSignedOutReason);
  if (reason !== 'expired') return null;
  return (
    <p class="alert" role="status">
      {t('session.expired')}
    </p>
  );
}
