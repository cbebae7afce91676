import { Duration, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';

/**
 * 04:00 UTC every day: 05:00 to 07:00 in every city of the network (Morocco to Lebanon), so the new
 * calendar day has begun everywhere when deadlines and overdue milestones are computed.
 */
export const DAILY_DEADLINES_CRON = { minute: '0', hour: '4' } as const;

/**
 * Invokes the function as LambdaInvoke does, but the scheduler's role may invoke only the unqualified
 * function: CDK's grantInvoke would add `<function>:*` (every version and alias).
 */
class InvokeUnqualified extends LambdaInvoke {
  private readonly fn: lambda.IFunction;

  constructor(fn: lambda.IFunction, props: ConstructorParameters<typeof LambdaInvoke>[1]) {
    super(fn, props);
    this.fn = fn;
  }

  protected override addTargetActionToRole(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.fn.functionArn] }),
    );
  }
}

/** The daily deadline job on EventBridge Scheduler. */
export class Jobs extends Construct {
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: { config: StageConfig; tick: lambda.IFunction }) {
    super(scope, id);
    this.schedule = new scheduler.Schedule(this, 'DailyDeadlines', {
      scheduleName: `${props.config.prefix}-daily-deadlines`,
      description: 'Passerelle: mark overdue milestones, send reminders, flag late decisions',
      schedule: scheduler.ScheduleExpression.cron({ ...DAILY_DEADLINES_CRON, timeZone: TimeZone.ETC_UTC }),
      target: new InvokeUnqualified(props.tick, {
        input: scheduler.ScheduleTargetInput.fromObject({ job: 'daily-deadlines' }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
      }),
      enabled: true,
    });
  }
}
