/**
 * Child processes of the bench (the API server under load, the direct DynamoDB client), run with tsx.
 * Every child is remembered and stopped by `stopChildren`, which run.ts calls on exit, error or signal.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo, Server } from 'node:net';
import { createInterface } from 'node:readline';

const running = new Set<ChildProcess>();

/**
 * Starts `node --import tsx <script>` and resolves with the first line it prints (a JSON message).
 * `nodeArgs`: more options for node (a CPU profile: `--cpu-prof`).
 */
export async function startChild<T>(
  script: string,
  env: Record<string, string>,
  args: readonly string[] = [],
  nodeArgs: readonly string[] = [],
): Promise<{ child: ChildProcess; first: T }> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  const first = await new Promise<T>((ok, fail) => {
    lines.once('line', (line) => {
      try {
        ok(JSON.parse(line) as T);
      } catch {
        fail(new Error(`${script} printed ${line}`));
      }
    });
    child.once('exit', (code) => fail(new Error(`${script} exited with ${code} before answering`)));
  });
  return { child, first };
}

/**
 * The server child's side of `startChild`: once `server` listens, prints `{ "port": … }` as its first line;
 * on SIGTERM (`stopChild`) closes it and exits.
 */
export function announcePort(server: Server): void {
  server.once('listening', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    process.exit(0);
  });
}

/** Runs a child to its end and resolves with the JSON line it printed last. */
export async function runChild<T>(
  script: string,
  env: Record<string, string>,
  args: readonly string[] = [],
  nodeArgs: readonly string[] = [],
): Promise<T> {
  const { child, first } = await startChild<T>(script, env, args, nodeArgs);
  await new Promise<void>((ok, fail) => {
    if (child.exitCode !== null) return child.exitCode === 0 ? ok() : fail(new Error(`${script} failed`));
    child.once('exit', (code) => (code === 0 ? ok() : fail(new Error(`${script} exited with ${code}`))));
  });
  return first;
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((ok) => {
    child.once('exit', () => ok());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

export async function stopChildren(): Promise<void> {
  await Promise.all([...running].map(stopChild));
}

/**
 * A child that answers jobs one at a time: it prints a first JSON line when ready, then one JSON line for
 * each line written to its stdin. For a process that must stay warm between runs (as the API server does).
 */
export async function startJobChild<Ready>(
  script: string,
  env: Record<string, string>,
  args: readonly string[] = [],
): Promise<{ child: ChildProcess; first: Ready; ask: <T>(job: unknown) => Promise<T> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  const nextLine = () =>
    new Promise<unknown>((ok, fail) => {
      const exited = (code: number | null) =>
        fail(new Error(`${script} exited with ${code} before answering`));
      child.once('exit', exited);
      lines.once('line', (line) => {
        child.off('exit', exited);
        try {
          ok(JSON.parse(line));
        } catch {
          fail(new Error(`${script} printed ${line}`));
        }
      });
    });
  const first = (await nextLine()) as Ready;
  const ask = async <T>(job: unknown): Promise<T> => {
    const answer = nextLine();
    child.stdin?.write(`${JSON.stringify(job)}\n`);
    return (await answer) as T;
  };
  return { child, first, ask };
}
