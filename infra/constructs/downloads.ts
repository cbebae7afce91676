import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import type { Data, ItemAction } from './data.ts';
import { lambdaFunction } from './functions.ts';

/** The downloads read, never write. */
export const DOWNLOAD_TABLE_ACTIONS: readonly ItemAction[] = ['GetItem', 'BatchGetItem'];

export interface DownloadsProps {
  readonly config: StageConfig;
  readonly data: Data;
  readonly environment: Record<string, string>;
}

/**
 * The large downloads — a city's 360Giving package and CSV, the funders' and officers' portfolio exports —
 * served by a function with Lambda response streaming behind a function URL, because API Gateway's HTTP
 * API buffers responses (6 MB at most). CloudFront sends only those paths here (see Web).
 *
 * The URL has no IAM auth: CloudFront's origin access control signs with the Authorization header, which
 * carries the user's token. The app authenticates every request itself, as it does behind the HTTP API;
 * the 360Giving paths are public anyway; and the function answers nothing but the downloads, read-only.
 */
export class Downloads extends Construct {
  readonly function: lambda.Function;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: DownloadsProps) {
    super(scope, id);
    this.function = lambdaFunction(this, props, {
      name: 'exports',
      file: 'exports.ts',
      description: 'Passerelle downloads (360Giving, portfolio exports), streamed behind a function URL',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      tableActions: DOWNLOAD_TABLE_ACTIONS,
    });
    this.url = this.function.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.NONE,
      invokeMode: lambda.InvokeMode.RESPONSE_STREAM,
    });
  }
}
