import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stageConfig } from './config.ts';
import { PasserelleEdgeStack } from './edge.ts';
import { PasserelleStack } from './stack.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The context of `cdk.json` (stage default and feature flags), so tests synthesise what `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface BuildOptions {
  /** Extra context (tests); the CDK CLI passes `cdk.json` and `-c` itself. */
  readonly context?: Record<string, unknown>;
  /**
   * The built web front end to upload. `'auto'` (the default): the context `webDist` (default `web/dist`)
   * when it holds an `index.html`, else nothing. `'none'`: never. Any other string: that folder.
   */
  readonly web?: string;
  /** Account and region; default: those the CDK CLI resolved (none offline: an environment-agnostic stack). */
  readonly env?: Environment;
  /** Where to write the cloud assembly (tests: a temporary folder); the CLI sets it itself. */
  readonly outdir?: string;
}

/** The CDK app: one stack for the stage named in context, checked by cdk-nag's AwsSolutions pack. */
export function buildApp(options: BuildOptions = {}): {
  app: App;
  stack: PasserelleStack;
  edge: PasserelleEdgeStack;
} {
  const app = new App({
    ...(options.context ? { context: options.context } : {}),
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const config = stageConfig(app.node);
  const env = options.env ?? {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  };
  // CloudFront's web ACL lives in us-east-1, whatever the region of the rest.
  const edge = new PasserelleEdgeStack(app, `${config.stackName}-edge`, {
    config,
    env: { account: env.account, region: 'us-east-1' },
  });
  const stack = new PasserelleStack(app, config.stackName, {
    config,
    webAssetPath: webAssetPath(app, options.web ?? 'auto'),
    env,
  });
  // Synthesis fails on any finding, error or warning, that is not acknowledged with a reason.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, edge };
}

function webAssetPath(app: App, web: string): string | undefined {
  if (web === 'none') return undefined;
  if (web !== 'auto') return web;
  const fromContext: unknown = app.node.tryGetContext('webDist');
  const dir = typeof fromContext === 'string' && fromContext !== '' ? fromContext : join(ROOT, 'web', 'dist');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}
