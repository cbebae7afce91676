import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('DynamoDB Local as a child process', () => {
  it('does not outlive a process that is killed outright (SIGKILL)', async () => {
    // Prepare: a process that starts DynamoDB Local and tells us the Java pid
    const script = `import { startLocalDynamo } from '#store/local-dynamo';
const d = await startLocalDynamo();
console.log(d.process.pid);`;
    const owner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const javaPid = await new Promise<number>((ok, fail) => {
      owner.stdout.once('data', (chunk) => ok(Number(String(chunk).trim())));
      owner.once('exit', () => fail(new Error('the owner exited before starting DynamoDB Local')));
    });
    expect(alive(javaPid)).toBe(true);
    // Act
    owner.kill('SIGKILL');
    // Assess: Java is gone within a few seconds
    const deadline = Date.now() + 10_000;
    while (alive(javaPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const survived = alive(javaPid);
    if (survived) process.kill(javaPid, 'SIGKILL');
    expect(survived).toBe(false);
  }, 40_000);
});

describe('DynamoDB Local as the app starts it', () => {
  it('answers CORS only for the app’s own origin and runs with telemetry off', async () => {
    // Prepare: DynamoDB Local started for an app served at a known origin
    const { startLocalDynamo } = await import('#store/local-dynamo');
    const app = 'http://localhost:3999';
    const dynamo = await startLocalDynamo({ corsOrigins: [app] });
    try {
      const preflight = (origin: string) =>
        fetch(dynamo.endpoint, {
          method: 'OPTIONS',
          headers: {
            Origin: origin,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'content-type,x-amz-target',
          },
        });
      // Act
      const evil = await preflight('https://evil.example');
      const own = await preflight(app);
      // Assess
      expect(evil.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
      expect(evil.headers.get('access-control-allow-origin')).not.toBe('*');
      expect(own.headers.get('access-control-allow-origin')).toBe(app);
      expect(dynamo.args).toContain('-disableTelemetry');
      expect(dynamo.args).toContain('-cors');
    } finally {
      await dynamo.stop();
    }
  }, 60_000);
});
