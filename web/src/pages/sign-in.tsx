/**
 * Sign-in: locally, pick a demo user; deployed, Cognito's managed login (authorisation code with PKCE),
 * whose return to this page is finished here before the user goes on to the page they asked for.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, read } from '../api/client.ts';
import { t, tx } from '../i18n/index.ts';
import { navigate, takeAskedAddress } from '../router.ts';
import {
  authConfig,
  finishCognitoSignIn,
  isCognitoReturn,
  SignInFailed,
  signInWithToken,
  startCognitoSignIn,
} from '../session.ts';
import { SignedOutNotice } from '../session-warning.tsx';
import { ErrorBox, Page, Show, useLoad } from '../ui.tsx';

export function SignIn() {
  const config = useLoad(authConfig, []);
  const [error, setError] = useState<unknown>(undefined);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const search = location.search;
    if (!isCognitoReturn(search)) return;
    // The code is single-use: off the address at once, so that a reload or a shared link cannot replay it.
    history.replaceState(null, '', '/sign-in');
    void authConfig()
      .then((c) =>
        c.mode === 'cognito' ? finishCognitoSignIn(c, search) : Promise.reject(new SignInFailed()),
      )
      .then(() => navigate(takeAskedAddress(), true))
      .catch(() => setFailed(true));
  }, []);

  return (
    <Page title={t('signIn.title')} lead={t('signIn.lead')}>
      <SignedOutNotice />
      {error !== undefined && <ErrorBox error={error} />}
      {failed && (
        <div class="alert" role="alert">
          <p>
            <strong>{t('signIn.failed')}</strong>
          </p>
        </div>
      )}
      <Show load={config}>
        {(c) =>
          c.mode === 'cognito' ? (
            <p>
              <button type="button" class="primary" onClick={() => void startCognitoSignIn(c)}>
                {t('signIn.cognito')}
              </button>
            </p>
          ) : (
            <DemoUsers onError={setError} />
          )
        }
      </Show>
      <p>
        <a href="/register/sfax">{t('signIn.publicRegister')}</a>
      </p>
    </Page>
  );
}

function DemoUsers(props: { onError: (e: unknown) => void }) {
  const users = useLoad(() => read(api.auth['dev-users'].$get()), []);
  const [busy, setBusy] = useState<string | null>(null);
  const signIn = async (email: string) => {
    setBusy(email);
    props.onError(undefined);
    try {
      const { token } = await read(api.auth['dev-login'].$post({ json: { email } }));
      await signInWithToken(token);
      navigate(takeAskedAddress(), true);
    } catch (e) {
      props.onError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Show load={users}>
      {(d) => {
        const cities = [...new Set(d.items.map((u) => u.cityId))];
        return cities.map((city) => (
          <section key={city} aria-labelledby={`city-${city}`}>
            <h2 id={`city-${city}`}>{tx(`city.${city}`, city)}</h2>
            <ul class="cards users">
              {d.items
                .filter((u) => u.cityId === city)
                .map((u) => (
                  <li key={u.email} class="card">
                    <button
                      type="button"
                      class="user"
                      disabled={busy !== null}
                      aria-describedby={`u-${u.email.replace(/\W/g, '-')}`}
                      onClick={() => void signIn(u.email)}
                    >
                      {t('signIn.as', { name: u.name })}
                    </button>
                    <p class="muted" id={`u-${u.email.replace(/\W/g, '-')}`}>
                      <bdi>{u.email}</bdi> · {u.roles.map((r) => tx(`role.${r}`, r)).join(', ')}
                    </p>
                  </li>
                ))}
            </ul>
          </section>
        ));
      }}
    </Show>
  );
}
