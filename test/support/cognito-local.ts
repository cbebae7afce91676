/**
 * cognito-local (npm, 5.3.0) as a child process for one test file: its own temporary directory (it
 * keeps its data under `.cognito/` of its working directory), a free port, stopped by `stop()`.
 * A user pool like the deployed one: e-mail as username, `custom:city` and `custom:organisation`,
 * one group per role.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ROLES } from '#domain/types';
import { freePort } from '#store/local-dynamo';

export interface CognitoLocal {
  readonly endpoint: string;
  readonly client: CognitoIdentityProviderClient;
  /** A new pool shaped like infra/constructs/auth.ts's, with its role groups; returns its id. */
  createPool(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startCognitoLocal(): Promise<CognitoLocal> {
  const dir = mkdtempSync(join(tmpdir(), 'cognito-local-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [resolve('node_modules/cognito-local/lib/bin/start.js')],
    { cwd: dir, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' },
  );
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new CognitoIdentityProviderClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const stop = () =>
    new Promise<void>((ok) => {
      client.destroy();
      const done = () => {
        rmSync(dir, { recursive: true, force: true });
        ok();
      };
      if (exited) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (exited) throw new Error('cognito-local exited during start');
    try {
      await client.send(new ListUserPoolsCommand({ MaxResults: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error('cognito-local did not answer within 20 s');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    endpoint,
    client,
    stop,
    async createPool(name) {
      const out = await client.send(
        new CreateUserPoolCommand({
          PoolName: name,
          UsernameAttributes: ['email'],
          Schema: [
            { Name: 'city', AttributeDataType: 'String', Mutable: true },
            { Name: 'organisation', AttributeDataType: 'String', Mutable: true },
          ],
        }),
      );
      const id = out.UserPool?.Id as string;
      for (const role of ROLES)
        await client.send(new CreateGroupCommand({ UserPoolId: id, GroupName: role }));
      return id;
    },
  };
}
