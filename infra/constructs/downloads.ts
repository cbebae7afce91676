import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
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
  /** The SSM parameter holding the web client's id (Auth): its name and ARN. */
  readonly clientIdParameter: { readonly name: string; readonly arn: string };
}

/**
 * The large downloads — a city's 360Giving package and CSV, the funders' and officers' portfolio exports —
 * served by a function with Lambda response streaming behind a function URL, because API Gateway's HTTP
 * API buffers responses (6 MB at most). CloudFront sends only those paths here (see Web).
 *
 * The URL has no IAM auth: CloudFront's origin access control for Lambda signs with the Authorization
 * header, which carries the user's token, so it would replace it. The app authenticates every request
 * itself and accepts ID tokens of the web client only (its id read from SSM at cold start); the 360Giving
 * paths are public anyway; the function answers nothing but the downloads, read-only; and its reserved
 * concurrency bounds what a flood of direct calls can cost or take from the other functions.
 */
export class Downloads extends Construct {
  readonly function: lambda.Function;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: DownloadsProps) {
    super(scope, id);
    this.function = lambdaFunction(
      this,
      {
        ...props,
        environment: { ...props.environment, COGNITO_CLIENT_ID_PARAMETER: props.clientIdParameter.name },
      },
      {
        name: 'exports',
        file: 'exports.ts',
        description: 'Passerelle downloads (360Giving, portfolio exports), streamed behind a function URL',
        memorySize: 1024,
        timeout: Duration.minutes(5),
        tableActions: DOWNLOAD_TABLE_ACTIONS,
        reservedConcurrentExecutions: props.config.exportsConcurrency,
      },
    );
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadWebClientId',
        actions: ['ssm:GetParameter'],
        resources: [props.clientIdParameter.arn],
      }),
    );
    this.url = this.function.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.NONE,
      invokeMode: lambda.InvokeMode.RESPONSE_STREAM,
    });
  }
}
