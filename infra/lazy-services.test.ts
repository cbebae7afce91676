/**
 * A route file's services in a Lambda bundle are loaded by the first call (lazy-services.ts), and only
 * where the route cannot tell: every name an `async` function of the real module.
 */
import { describe, expect, it } from 'vitest';
import { SERVICES_HUB, servicesOnFirstCall } from './lazy-services.ts';

const modules = new Map<string, Record<string, unknown>>([
  ['#services/grants', { getGrant: async () => 1, listGrants: async () => 2 }],
  ['#services/tranche-list', { listTranches: async () => 3 }],
  ['#services/errors', { NotFoundError: class {}, isRule: () => true }],
  ['#services/mixed', { read: async () => 4, label: () => 'now' }],
]);

describe('the services of a route file in a Lambda bundle', () => {
  it('are loaded from one chunk by their first call when every name is an async function', async () => {
    // Prepare
    const code = [
      "import { type GrantView, getGrant, listGrants as list } from '#services/grants';",
      "import { listTranches } from '#services/tranche-list';",
      'export const routes = 1;',
    ].join('\n');
    const found = new Set<string>();
    // Act
    const out = servicesOnFirstCall(code, modules, found);
    // Assess: a dynamic import of the hub, kept once loaded, and a function per name that calls the real one
    expect(out).not.toContain("from '#services/");
    expect(out).toContain(
      `let loaded$0;\nconst load$0 = async () => (loaded$0 ??= (await import('${SERVICES_HUB}')).grants);`,
    );
    expect(out).toContain('const getGrant = async (...args) => (await load$0()).getGrant(...args);');
    expect(out).toContain('const list = async (...args) => (await load$0()).listGrants(...args);');
    expect(out).toContain(
      `const load$1 = async () => (loaded$1 ??= (await import('${SERVICES_HUB}')).tranche_list);`,
    );
    expect(out).not.toContain('GrantView');
    expect(out.endsWith('export const routes = 1;')).toBe(true);
    expect([...found]).toEqual(['#services/grants', '#services/tranche-list']);
  });

  it('load the chunk by the first call only, and each call answers what the real function does', async () => {
    // Prepare: the route file's code as the bundle runs it, its dynamic import counted
    const code = "import { getGrant, listGrants } from '#services/grants';";
    const out = servicesOnFirstCall(code, modules).replace(`import('${SERVICES_HUB}')`, 'hub()');
    let loads = 0;
    const hub = async () => {
      loads++;
      return { grants: { getGrant: async (id: string) => `grant ${id}`, listGrants: async () => ['a'] } };
    };
    const run = new Function('hub', `${out}\nreturn { getGrant, listGrants };`) as (h: typeof hub) => {
      getGrant: (id: string) => Promise<string>;
      listGrants: () => Promise<string[]>;
    };
    const routes = run(hub);
    // Act
    const answers = [await routes.getGrant('g1'), await routes.getGrant('g2'), await routes.listGrants()];
    // Assess
    expect(answers).toEqual(['grant g1', 'grant g2', ['a']]);
    expect(loads).toBe(1);
  });

  it('stay as written when one name is a class, a value or a function that answers at once', () => {
    // Prepare
    const code = [
      "import { NotFoundError, isRule } from '#services/errors';",
      "import {\n  label,\n  read,\n} from '#services/mixed';",
      "import { other } from '#services/unknown';",
    ].join('\n');
    const found = new Set<string>();
    // Act
    const out = servicesOnFirstCall(code, modules, found);
    // Assess
    expect(out).toBe(code);
    expect(found.size).toBe(0);
  });
});
