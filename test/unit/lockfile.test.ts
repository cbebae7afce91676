/**
 * `npm ci` refuses a lock file that lacks an optional dependency of a locked package, even one for
 * another platform (Biome ships one binary package per platform). A lock written by `npm install` on a
 * tree that already had node_modules can drop them, and CI then cannot install reproducibly.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface LockedPackage {
  readonly version?: string;
  readonly optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  readonly lockfileVersion: number;
  readonly packages: Record<string, LockedPackage>;
};

describe('package-lock.json', () => {
  it('locks every optional dependency of every locked package, for every platform', () => {
    // Prepare
    const missing: string[] = [];
    // Act
    for (const [path, pkg] of Object.entries(lock.packages)) {
      for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
        const nested = `${path}/node_modules/${name}`;
        if (!(nested in lock.packages) && !(`node_modules/${name}` in lock.packages))
          missing.push(`${path || '(root)'} → ${name}`);
      }
    }
    // Assess
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(3);
    expect(missing).toEqual([]);
  });
});
