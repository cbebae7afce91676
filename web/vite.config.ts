/**
 * The web front end: a Preact single-page app built to static files (web/dist) for S3 and CloudFront,
 * and served at `/` by `npm start`. The build reports its first-load JavaScript, gzipped, and fails
 * above the 60 KB budget.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin, type Rolldown } from 'vite';
import { CSP_FILE, cspFileText } from './csp.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const FIRST_LOAD_BUDGET_BYTES = 60 * 1024;

/** These chunks and every chunk they import statically, each once: what loading them fetches. */
function withStaticImports(bundle: Rolldown.OutputBundle, from: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    const out = bundle[file];
    if (seen.has(file) || out?.type !== 'chunk') return;
    seen.add(file);
    for (const imported of out.imports) visit(imported);
  };
  for (const file of from) visit(file);
  return seen;
}

/** The page's first load: the app's entry chunk with its static imports (the service worker is apart). */
const firstLoad = (bundle: Rolldown.OutputBundle) =>
  withStaticImports(
    bundle,
    Object.entries(bundle)
      .filter(([file, out]) => out.type === 'chunk' && out.isEntry && file !== SW_FILE)
      .map(([file]) => file),
  );

/** Sums the gzipped size of the entry chunk, its static imports and the CSS the page loads first. */
function firstLoadReport(): Plugin {
  return {
    name: 'first-load-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const seen = firstLoad(bundle);
      // The start-up also loads one message catalogue (a dynamic import awaited before the first render):
      // count the largest of them.
      const catalogues = Object.entries(bundle).filter(
        ([, out]) => out.type === 'chunk' && /[\\/]i18n[\\/](en|fr|ar)\.ts$/.test(out.facadeModuleId ?? ''),
      );
      const largest = catalogues
        .map(
          ([file, out]) =>
            [file, out.type === 'chunk' ? gzipSync(out.code, { level: 9 }).length : 0] as const,
        )
        .sort((a, b) => b[1] - a[1])[0];
      if (largest) seen.add(largest[0]);
      let js = 0;
      const files: Record<string, number> = {};
      for (const file of seen) {
        const out = bundle[file];
        if (out?.type !== 'chunk') continue;
        const size = gzipSync(out.code, { level: 9 }).length;
        files[file] = size;
        js += size;
      }
      const report = { firstLoadJsGzipBytes: js, budgetBytes: FIRST_LOAD_BUDGET_BYTES, files };
      this.emitFile({
        type: 'asset',
        fileName: 'build-report.json',
        source: `${JSON.stringify(report, null, 2)}\n`,
      });
      const kb = (js / 1024).toFixed(1);
      this.info(`first-load JavaScript: ${kb} KB gzipped (budget ${FIRST_LOAD_BUDGET_BYTES / 1024} KB)`);
      process.stdout.write(
        `\nfirst-load JavaScript: ${kb} KB gzipped (budget ${FIRST_LOAD_BUDGET_BYTES / 1024} KB)\n`,
      );
      if (js > FIRST_LOAD_BUDGET_BYTES)
        this.error(`first-load JavaScript is ${kb} KB gzipped, over the budget`);
    },
  };
}

/** The service worker's file: at the root (its scope is the whole site), never hashed, checked at each load. */
export const SW_FILE = 'sw.js';
const CATALOGUE_RE = /[\\/]i18n[\\/](en|fr|ar)\.ts$/;
const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);

/**
 * What a slow connection needs from the build:
 * - a tiny boot script inline in the page, which starts the catalogue of the user's language and the
 *   first data of the page while the app's JavaScript is still downloading, so that the page waits on
 *   one round of requests after the HTML, not three. Inline, it starts them as soon as the page is read
 *   (a file of its own took one more round trip on a slow link). The site's Content-Security-Policy
 *   allows it by its hash, which the build writes to `csp.json` for the servers (the local one and
 *   infra/constructs/web.ts);
 * - the service worker (web/src/sw.ts) with the list of the app shell's files and a version named after
 *   them, so that a deploy changes the worker and the app can say that a new version is ready;
 * - a brotli and a gzip copy of every text file, for a server that sends them as they are (`npm start`).
 */
function slowLink(): Plugin {
  let bootHash: string | undefined;
  return {
    name: 'slow-link',
    apply: 'build',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const catalogues: Record<string, string> = {};
        for (const [file, out] of Object.entries(bundle)) {
          const lang = out.type === 'chunk' ? CATALOGUE_RE.exec(out.facadeModuleId ?? '')?.[1] : undefined;
          if (lang) catalogues[lang] = `/${file}`;
        }
        // The files of a page loaded on demand that an address can open first: its chunk and what it
        // imports besides the app's first load (which the page's module script fetches anyway).
        const initial = firstLoad(bundle);
        const pageFiles = (page: string): string[] => {
          const entry = Object.entries(bundle).find(
            ([, out]) => out.type === 'chunk' && out.facadeModuleId?.endsWith(`/src/pages/${page}.tsx`),
          );
          if (!entry) this.error(`no chunk of its own for the page ${page}`);
          return [...withStaticImports(bundle, [entry[0]])]
            .filter((f) => !initial.has(f))
            .map((f) => `/${f}`);
        };
        const pages = {
          grant: pageFiles('grant'),
          funder: pageFiles('funder'),
          register: pageFiles('register'),
        };
        // A classic script, no module, first in the page (first in the browser's queue of requests), and
        // not async: it has run before any module of the app does (modules wait for the page to be read),
        // so the app always finds what it started; the modules download meanwhile all the same.
        // It mirrors initialLang() (web/src/i18n/index.ts): the remembered choice, else the browser's.
        // Signed in (the tab keeps its token in sessionStorage, web/src/api/client.ts), it starts who the
        // user is and the first data of the page with that token, kept in `__passerelleBoot` for the app
        // to take instead of asking again (client.ts `bootFetch`); the page then waits on one round of
        // requests after the HTML. The roles read from the token only choose what to start: a wrong guess
        // costs a request, never an answer (the server checks the token, the app asks for what it needs).
        // A grant's page (the link of most mails) and the funder's dashboard load on demand: their files
        // start here too, beside the app's, instead of after it has run. The sign-in page asks for the
        // demo users beside the configuration when the last visit learned that this site signs in locally
        // (session.ts `authConfig`), else once the configuration says so.
        const source = `(function(){var c=${JSON.stringify(catalogues)},F=${JSON.stringify(pages)},l,a,t,w=window,P=location.pathname,Q=location.search;
try{l=localStorage.getItem('passerelle.lang');a=localStorage.getItem('passerelle.authMode');t=sessionStorage.getItem('passerelle.token')}catch(e){}
if(!c[l])l=(navigator.language||'en').slice(0,2);if(!c[l])l='en';
function pre(f){for(var i=0;i<f.length;i++){var k=document.createElement('link');k.rel='modulepreload';k.href=f[i];document.head.appendChild(k)}}
pre([c[l]]);
var R={};w.__passerelleBoot={token:t||null,requests:R};
function get(u,h){R[u]=fetch(u,h?{headers:{Authorization:'Bearer '+t}}:{});R[u].catch(function(){})}
var m=/^\\/register\\/([A-Za-z0-9_-]{1,64})$/.exec(P);
if(m){pre(F.register);if(!Q)get('/v1/public/cities/'+m[1]+'/register')}
if(P==='/sign-in'&&!Q){get('/auth/config');if(a==='local')get('/auth/dev-users');else R['/auth/config'].then(function(r){return r.clone().json()}).then(function(j){if(j.mode==='local')get('/auth/dev-users')},function(){})}
if(!t)return;
var g=[];try{var p=JSON.parse(atob(t.split('.')[1].replace(/-/g,'+').replace(/_/g,'/')));g=p.roles||p['cognito:groups']||[]}catch(e){}
get('/v1/me',1);get('/v1/notifications?limit=1',1);
var d=/^\\/grants\\/([A-Za-z0-9_-]{1,64})$/.exec(P),f=g.indexOf('funder')>=0&&g.indexOf('cso')<0;
if(d&&d[1]!=='new'){pre(F.grant);get('/v1/grants/'+d[1],1)}
if(f&&(P==='/'||P==='/funder')&&!Q){pre(F.funder);get('/v1/grants?limit=100',1);get('/v1/milestones',1)}
if(P==='/'&&!Q&&g.indexOf('funder')<0){get('/v1/queue',1);if(g.indexOf('cso')>=0){get('/v1/grants',1);get('/v1/milestones',1)}}})();
`;
        bootHash = `'sha256-${createHash('sha256').update(source).digest('base64')}'`;
        return [{ tag: 'script', children: source, injectTo: 'head-prepend' }];
      },
    },
    generateBundle(_options, bundle) {
      if (bootHash) this.emitFile({ type: 'asset', fileName: CSP_FILE, source: cspFileText([bootHash]) });
      const sw = bundle[SW_FILE];
      if (sw?.type === 'chunk') {
        // The shell: the page and every file of the app (its pages loaded on demand and the validation too,
        // so that a draft can be checked and sent after the connection is lost), fetched once per version
        // in the background after the first visit.
        const shell = new Set<string>(['/index.html']);
        for (const [file, out] of Object.entries(bundle))
          if (
            file !== SW_FILE &&
            /\.(js|css)$/.test(file) &&
            (out.type === 'chunk' || file.startsWith('assets/'))
          )
            shell.add(`/${file}`);
        const files = [...shell].sort();
        sw.code = sw.code
          .replace('__SHELL_FILES__', JSON.stringify(files))
          .replace('__SHELL_VERSION__', JSON.stringify(shortHash(files.join('\n'))));
      }
    },
    // Once every plugin has had its say (Vite rewrites its preload markers in generateBundle): the files
    // as written are the ones compressed.
    writeBundle(options, bundle) {
      const dir = options.dir ?? join(here, 'dist');
      for (const [file, out] of Object.entries(bundle)) {
        if (!/\.(js|css|html|json|svg)$/.test(file)) continue;
        const bytes = Buffer.from(out.type === 'chunk' ? out.code : out.source);
        if (bytes.byteLength < 1024) continue;
        const br = brotliCompressSync(bytes, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
          },
        });
        writeFileSync(join(dir, `${file}.br`), br);
        writeFileSync(join(dir, `${file}.gz`), gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    rolldownOptions: {
      input: { index: join(here, 'index.html'), sw: join(here, 'src', 'sw.ts') },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? SW_FILE : 'assets/[name]-[hash].js'),
        // Every module the first page needs in one file: left to itself the bundler splits them into a
        // dozen small files shared with the pages loaded on demand, and on a phone's slow link (HTTP/1.1
        // locally, six connections) each costs a round trip in the queue.
        codeSplitting: {
          groups: [{ name: 'app', tags: ['$initial'], test: (id: string) => !id.endsWith('/sw.ts') }],
        },
      },
    },
  },
  plugins: [firstLoadReport(), slowLink()],
  server: {
    proxy: {
      '/v1': 'http://localhost:3000',
      '/auth': 'http://localhost:3000',
      '/openapi.json': 'http://localhost:3000',
    },
  },
});
