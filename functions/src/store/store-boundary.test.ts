/**
 * The store owns the table: outside functions/src/store/, no module talks to DynamoDB itself, uses the
 * store's generic reads and writes, or spells a key of the table. Items are laid out in one place
 * (store/<type>.ts), so that docs/data-model.md can list them all and no key drifts from its index.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path === join(SRC, 'store') ? [] : sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The code without its comments (so that documentation may name keys). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

const RULES: readonly { readonly rule: string; readonly pattern: RegExp }[] = [
  {
    rule: 'imports an AWS SDK module for DynamoDB',
    pattern: /from\s+['"]@aws-sdk\/(client-dynamodb|lib-dynamodb|client-dynamodb-streams|util-dynamodb)['"]/,
  },
  {
    rule: "imports the table's client (the store makes the calls; others get one from #store/client)",
    pattern: /['"](#store\/dynamo-client|[./]*store\/dynamo-client(\.ts)?)['"]/,
  },
  {
    rule: 'sends a DynamoDB operation',
    pattern:
      /\.send\(\s*['"](GetItem|PutItem|UpdateItem|DeleteItem|Query|Scan|BatchGetItem|BatchWriteItem|TransactGetItems|TransactWriteItems)['"]/,
  },
  {
    rule: "imports the store's generic reads and writes",
    pattern: /['"](#store\/table-io|[./]*store\/table-io(\.ts)?)['"]/,
  },
  { rule: 'spells a key attribute', pattern: /\b(PK|SK|GSI[1-9](PK|SK)?)\b/ },
  { rule: 'spells a key prefix', pattern: /['"`](A|N|R|[A-Z]{3,}(#[A-Z]+)?)#/ },
  { rule: 'writes a key condition', pattern: /\b(KeyConditionExpression|IndexName|ExclusiveStartKey)\b/ },
];

function violations(file: string, text: string): string[] {
  const lines = code(text).split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    for (const { rule, pattern } of RULES) {
      if (pattern.test(line)) out.push(`${relative(SRC, file)}:${i + 1} ${rule}: ${line.trim()}`);
    }
  });
  return out;
}

describe('the store owns the table', () => {
  it('no module outside store/ reaches DynamoDB, the generic store calls, or a key', () => {
    // Prepare
    const files = sources(SRC);
    // Act
    const found = files.flatMap((f) => violations(f, readFileSync(f, 'utf8')));
    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(found).toEqual([]);
  });

  it('notices each kind of breach (the rules are not vacuous)', () => {
    // Prepare
    const breaches = [
      "import { QueryCommand } from '@aws-sdk/lib-dynamodb';",
      "import { ioOf } from '#store/table-io';",
      "import { DynamoClient } from '#store/dynamo-client';",
      "await store.db.send('Query', { TableName: table });",
      'await put({ PK: `MAIL#` + id, SK: "R" });',
      "const key = 'JOB#deadlines#' + cityId;",
      "const pk = 'NOTICE#' + key;",
      "query({ IndexName: 'GSI3', KeyConditionExpression: 'GSI3PK = :pk' });",
    ];
    // Act
    const found = breaches.map((b) => violations('x.ts', b));
    // Assess
    for (const [i, f] of found.entries()) expect(f, breaches[i]).not.toEqual([]);
    expect(violations('x.ts', '/** A key like `CITY#<id>` / `R` */\nconst a = 1; // GSI2PK')).toEqual([]);
  });
});
