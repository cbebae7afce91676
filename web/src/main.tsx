import { render } from 'preact';
import { App } from './app.tsx';
import { initialLang, setLang } from './i18n/index.ts';
import { registerShell, UpdateBanner } from './offline.tsx';
import { onLinkClick } from './router.ts';
import { loadMe } from './session.ts';
import './styles.css';
import { watchTables } from './table-cards.ts';

document.addEventListener('click', onLinkClick);
await Promise.all([setLang(initialLang(), false), loadMe()]);
const root = document.getElementById('app');
if (root) {
  render(<App />, root);
  watchTables(root);
}
// Said outside the routed page, so that a page change never hides it.
const update = document.getElementById('update');
if (update) render(<UpdateBanner />, update);
registerShell();
