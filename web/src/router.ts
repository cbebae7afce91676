/**
 * Routing, by wouter-preact: the address is the state. Its hooks subscribe to the history before they
 * can miss a change, so a redirect made while the first page renders is rendered too. Around it: the
 * navigation of the app's plain links, and the address a signed-out visitor asked for, kept through
 * sign-in (in this tab's sessionStorage, so it also survives the round trip to Cognito's hosted page).
 */
import { useLocation } from 'wouter-preact';
import { navigate as go, useSearch as useBrowserSearch } from 'wouter-preact/use-browser-location';

export { Route, Switch } from 'wouter-preact';

/** Goes to `to` (a path, with its query), adding to the history unless `replace`. */
export function navigate(to: string, replace = false): void {
  if (to === location.pathname + location.search) return;
  go(to, { replace });
}

/** The path of the address (`/grants/g1`), kept up to date. */
export function usePath(): string {
  return useLocation()[0];
}

/** The query string of the address (`?year=2026`), as the browser has it, kept up to date. */
export function useSearch(): string {
  return useBrowserSearch();
}

const ASKED_KEY = 'passerelle.asked';

/** A path of this site, not `//elsewhere` nor the sign-in page itself. */
const isOwnPage = (to: string): boolean =>
  to.startsWith('/') && !to.startsWith('//') && !to.startsWith('/\\') && !to.startsWith('/sign-in');

/** Remembers the current address (path and query) as the one to open once signed in. */
export function rememberAskedAddress(): void {
  const here = location.pathname + location.search;
  try {
    if (isOwnPage(here)) sessionStorage.setItem(ASKED_KEY, here);
  } catch {
    // storage unavailable: the user lands on the home page after sign-in
  }
}

/** Forgets the remembered address (on signing out: the next person starts at home). */
export function forgetAskedAddress(): void {
  try {
    sessionStorage.removeItem(ASKED_KEY);
  } catch {
    // nothing was kept
  }
}

/** The address asked for before signing in, forgotten once read; `/` when none was. */
export function takeAskedAddress(): string {
  let asked: string | null = null;
  try {
    asked = sessionStorage.getItem(ASKED_KEY);
    sessionStorage.removeItem(ASKED_KEY);
  } catch {
    // storage unavailable
  }
  return asked && isOwnPage(asked) ? asked : '/';
}

/** Client-side navigation for same-origin links; modified clicks open as usual. */
export function onLinkClick(e: MouseEvent): void {
  const a = (e.target as Element | null)?.closest?.('a');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const href = a.getAttribute('href');
  if (!href?.startsWith('/') || href.startsWith('//') || a.hasAttribute('download') || a.target) return;
  if (href.startsWith('/v1/') || href.startsWith('/docs') || href.startsWith('/openapi')) return;
  e.preventDefault();
  navigate(href);
}
