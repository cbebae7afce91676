/** The frame of every page: skip link, header with navigation and languages, the routed page. */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { Me } from './api/types.ts';
import { cityName, formatNumber, isLang, LANGS, lang, onLangChange, setLang, t } from './i18n/index.ts';
import { lazyPage } from './lazy.tsx';
import { refreshUnread, useUnread } from './notifications.ts';
import { CsoHome } from './pages/home.tsx';
import { Queue } from './pages/queue.tsx';
import { SignIn } from './pages/sign-in.tsx';
import { navigate, Route, rememberAskedAddress, Switch, usePath } from './router.ts';
import { hasRole, signOut, useSession } from './session.ts';
import { Loading, Page } from './ui.tsx';

const Welcome = lazyPage(() => import('./pages/welcome.tsx').then((m) => m.Welcome));
const Join = lazyPage(() => import('./pages/join.tsx').then((m) => m.Join));
// Forms and record pages a visit reaches after its first page load on demand: the first load keeps to its
// budget on a phone's slow link (the home pages, the queue and sign-in stay in it). The public register, a
// grant's page and the funder's dashboard are on demand too, but the page's boot script starts their files
// with the app's when the address (or the funder's sign-in) says they come first (web/vite.config.ts).
const GrantPage = lazyPage(() => import('./pages/grant.tsx').then((m) => m.GrantPage));
const Register = lazyPage(() => import('./pages/register.tsx').then((m) => m.Register));
const FunderDashboard = lazyPage(() => import('./pages/funder.tsx').then((m) => m.FunderDashboard));
const GrantWizard = lazyPage(() => import('./pages/grant-wizard.tsx').then((m) => m.GrantWizard));
const PartnershipForm = lazyPage(() => import('./pages/partnership-form.tsx').then((m) => m.PartnershipForm));
const Partnerships = lazyPage(() => import('./pages/partnership.tsx').then((m) => m.Partnerships));
const PartnershipPage = lazyPage(() => import('./pages/partnership.tsx').then((m) => m.PartnershipPage));
const MilestonePage = lazyPage(() => import('./pages/milestone.tsx').then((m) => m.MilestonePage));
const NotificationsPage = lazyPage(() =>
  import('./pages/notifications.tsx').then((m) => m.NotificationsPage),
);
const OrganisationPage = lazyPage(() => import('./pages/organisation.tsx').then((m) => m.OrganisationPage));
const Registrations = lazyPage(() => import('./pages/registrations.tsx').then((m) => m.Registrations));
const RegistrationPage = lazyPage(() => import('./pages/registrations.tsx').then((m) => m.RegistrationPage));
const Settings = lazyPage(() => import('./pages/admin-settings.tsx').then((m) => m.Settings));
const Users = lazyPage(() => import('./pages/admin-people.tsx').then((m) => m.Users));
const Funders = lazyPage(() => import('./pages/admin-people.tsx').then((m) => m.Funders));
const Members = lazyPage(() => import('./pages/members.tsx').then((m) => m.Members));
const AgreementTemplatePage = lazyPage(() =>
  import('./pages/agreement-template.tsx').then((m) => m.AgreementTemplatePage),
);
const GrantsList = lazyPage(() => import('./pages/grants-list.tsx').then((m) => m.GrantsList));
const Payments = lazyPage(() => import('./pages/payments.tsx').then((m) => m.Payments));
const InsightsPage = lazyPage(() => import('./pages/insights.tsx').then((m) => m.InsightsPage));
// Reporting and impact: the profile (members, city staff) and the page a shared link opens (no account).
const ImpactPage = lazyPage(() => import('./pages/impact.tsx').then((m) => m.ImpactPage));
const SharedImpact = lazyPage(() => import('./pages/impact-shared.tsx').then((m) => m.SharedImpact));
const CoordinationPage = lazyPage(() => import('./pages/coordination.tsx').then((m) => m.CoordinationPage));

export function App() {
  const [, setTick] = useState(0);
  useEffect(() => onLangChange(() => setTick((n) => n + 1)), []);
  const path = usePath();
  const session = useSession();
  const me = session.status === 'signed-in' ? session.me : undefined;

  useEffect(() => {
    // A signed-in user whose saved language differs gets theirs, unless they chose one on this device.
    if (me && isLang(me.language) && !localStorage.getItem('passerelle.lang'))
      void setLang(me.language, false);
  }, [me?.id]);

  useEffect(() => {
    // The unread count of the header's badge, fresh on each page (zero when signed out).
    void refreshUnread();
  }, [me?.id, path]);

  return (
    <div class="shell">
      <a class="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header class="top">
        <div class="bar">
          <a class="brand" href="/">
            {t('app.name')}
          </a>
          <LanguageSwitch />
        </div>
        {me && <Nav me={me} path={path} />}
      </header>
      <main id="main" tabIndex={-1} key={path}>
        <Routes session={session} />
      </main>
      <footer class="foot">
        <p class="muted">{t('app.tagline')}</p>
      </footer>
    </div>
  );
}

function LanguageSwitch() {
  return (
    <nav class="langs" aria-label={t('nav.languages')}>
      {LANGS.map((l) => (
        <button
          type="button"
          key={l}
          lang={l}
          aria-pressed={lang() === l}
          onClick={() => {
            void setLang(l);
          }}
        >
          {t(`lang.${l}`)}
        </button>
      ))}
    </nav>
  );
}

function Nav(props: { me: Me; path: string }) {
  const { me } = props;
  const links: [string, string][] = [];
  if (hasRole(me, 'cso')) {
    links.push(['/', t('nav.myApplications')], ['/grants/new', t('nav.newGrant')]);
    links.push(['/partnerships', t('nav.partnership')], ['/organisation', t('nav.organisation')]);
  }
  if (hasRole(me, 'cso')) links.push(['/members', t('nav.members')]);
  if (hasRole(me, 'city_officer') || hasRole(me, 'admin')) links.push(['/queue', t('nav.queue')]);
  if (hasRole(me, 'city_officer') || hasRole(me, 'admin'))
    links.push(['/registrations', t('nav.registrations')]);
  if (hasRole(me, 'admin'))
    links.push(['/settings', t('nav.settings')], ['/users', t('nav.users')], ['/funders', t('nav.funders')]);
  if (hasRole(me, 'admin')) links.push(['/settings/agreement-template', t('template.nav')]);
  if (hasRole(me, 'mayor_office')) links.push(['/queue', t('nav.decisions')]);
  if (hasRole(me, 'funder'))
    links.push(['/funder', t('nav.portfolio')], ['/queue', t('nav.reportsToReview')]);
  const staff = hasRole(me, 'city_officer') || hasRole(me, 'mayor_office');
  if (staff) links.push(['/grants', t('nav.grants')], ['/partnerships', t('nav.partnerships')]);
  if (hasRole(me, 'city_officer')) links.push(['/payments', t('nav.payments')]);
  if (hasRole(me, 'mayor_office')) links.push(['/insights', t('nav.insights')]);
  // The coordination map, for the city staff its route lets in (the admin's is a 403: not offered).
  if (staff) links.push(['/coordination', t('coord.nav')]);
  links.push([`/register/${me.cityId}`, t('nav.register')]);
  return (
    <nav class="nav" aria-label={t('nav.main')}>
      <ul>
        {links.map(([href, label]) => (
          <li key={href}>
            <a href={href} aria-current={props.path === href ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
        <li>
          <NotificationsLink current={props.path === '/notifications'} />
        </li>
      </ul>
      <p class="who">
        <span>
          {me.name} · {cityName(me.city)}
        </span>{' '}
        <button type="button" class="link" onClick={() => void signOut()}>
          {t('nav.signOut')}
        </button>
      </p>
    </nav>
  );
}

/**
 * "Notifications", with a badge of the unread count; its accessible name says the count in words
 * ("Notifications, 3 unread") and starts with what is visible, for voice control.
 */
function NotificationsLink(props: { current: boolean }) {
  const unread = useUnread();
  return (
    <a
      href="/notifications"
      class="notif-link"
      aria-current={props.current ? 'page' : undefined}
      aria-label={unread > 0 ? t('notifications.badge', { n: formatNumber(unread) }) : undefined}
    >
      {t('nav.notifications')}
      {unread > 0 && (
        <>
          {' '}
          <span class="badge" aria-hidden="true">
            {formatNumber(unread)}
          </span>
        </>
      )}
    </a>
  );
}

function Routes(props: { session: ReturnType<typeof useSession> }) {
  return (
    <Switch>
      <Route path="/register/:cityId">{(p) => <Register cityId={p.cityId ?? ''} />}</Route>
      <Route path="/join/:cityId">{(p) => <Join cityId={p.cityId ?? ''} />}</Route>
      <Route path="/sign-in">
        <SignIn />
      </Route>
      <Route path="/impact/shared/:token">{(p) => <SharedImpact token={p.token ?? ''} />}</Route>
      <Route>
        <SignedIn session={props.session} />
      </Route>
    </Switch>
  );
}

/** The pages that need a signed-in user; a signed-out visitor is sent to sign in first. */
function SignedIn(props: { session: ReturnType<typeof useSession> }) {
  const { session } = props;
  if (session.status === 'loading') return <Loading />;
  // The bare address shows a visitor what Passerelle is; any other page asks them to sign in first.
  if (session.status === 'signed-out') return location.pathname === '/' ? <Welcome /> : <ToSignIn />;
  const me = session.me;
  const home = hasRole(me, 'cso') ? (
    <CsoHome me={me} />
  ) : hasRole(me, 'funder') ? (
    <FunderDashboard me={me} />
  ) : (
    <Queue me={me} />
  );
  return (
    <Switch>
      <Route path="/">{home}</Route>
      <Route path="/queue">
        <Queue me={me} />
      </Route>
      <Route path="/funder">
        <FunderDashboard me={me} />
      </Route>
      <Route path="/organisation">
        <OrganisationPage me={me} />
      </Route>
      <Route path="/notifications">
        <NotificationsPage me={me} />
      </Route>
      <Route path="/grants/new">
        <GrantWizard me={me} />
      </Route>
      <Route path="/partnerships">
        <Partnerships me={me} />
      </Route>
      <Route path="/partnerships/new">
        <PartnershipForm me={me} />
      </Route>
      <Route path="/grants/:id/edit">{(p) => <GrantWizard me={me} id={p.id} />}</Route>
      <Route path="/grants/:id">{(p) => <GrantPage me={me} id={p.id ?? ''} />}</Route>
      <Route path="/partnerships/:id/edit">{(p) => <PartnershipForm me={me} id={p.id} />}</Route>
      <Route path="/partnerships/:id">{(p) => <PartnershipPage me={me} id={p.id ?? ''} />}</Route>
      <Route path="/milestones/:id">{(p) => <MilestonePage me={me} id={p.id ?? ''} />}</Route>
      <Route path="/registrations">
        <Registrations />
      </Route>
      <Route path="/registrations/:id">{(p) => <RegistrationPage id={p.id ?? ''} />}</Route>
      <Route path="/settings">
        <Settings />
      </Route>
      <Route path="/users">
        <Users me={me} />
      </Route>
      <Route path="/funders">
        <Funders />
      </Route>
      <Route path="/members">
        <Members me={me} />
      </Route>
      <Route path="/settings/agreement-template">
        <AgreementTemplatePage />
      </Route>
      <Route path="/grants">
        <GrantsList />
      </Route>
      <Route path="/payments">
        <Payments />
      </Route>
      <Route path="/insights">
        <InsightsPage />
      </Route>
      <Route path="/organisations/:id/impact">{(p) => <ImpactPage me={me} id={p.id ?? ''} />}</Route>
      <Route path="/coordination">
        <CoordinationPage />
      </Route>
      <Route>
        <Page title={t('error.404')}>
          <p>
            <a href="/">{t('nav.home')}</a>
          </p>
        </Page>
      </Route>
    </Switch>
  );
}

/**
 * Sends a signed-out visitor to the sign-in page, remembering the address they asked for (a reminder's
 * `/grants/<id>`) so that signing in leads there. Done after the render, never during it.
 */
function ToSignIn() {
  useLayoutEffect(() => {
    rememberAskedAddress();
    navigate('/sign-in', true);
  }, []);
  return null;
}
