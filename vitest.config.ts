import { defineConfig } from 'vitest/config';

// Two projects, run separately by `npm run test:unit` and `npm run test:e2e`:
// - unit: pure code (domain, schemas, infra templates), no store, no network;
// - e2e:  through HTTP against the real DynamoDB Local, started once in globalSetup.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'functions/**/*.test.ts',
            'infra/**/*.test.ts',
            'web/src/**/*.test.ts',
            'test/unit/**/*.test.ts',
          ],
          exclude: ['**/*.e2e.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['functions/**/*.e2e.test.ts', 'test/e2e/**/*.test.ts', 'web/test/**/*.e2e.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
