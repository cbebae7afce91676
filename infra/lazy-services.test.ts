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
    // Assess: a dynamic import of the hub, and a function per name that calls the real one
    expect(out).not.toContain("from '#services/");
    expect(out).toContain(`const load$0 = async () => (await import('${SERVICES_HUB}')).grants;`);
    expect(out).toContain('const getGrant = async (...args) => (await load$0()).getGrant(...args);');
    expect(out).toContain('const list = async (...args) => (await load$0()).listGrants(...args);');
    expect(out).toContain(`const load$1 = async () => (await import('${SERVICES_HUB}')).tranche_list;`);
    expect(out).not.toContain('GrantView');
    expect(out.endsWith('export const routes = 1;')).toBe(true);
    expect([...found]).toEqual(['#services/grants', '#services/tranche-list']);
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
