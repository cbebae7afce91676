import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { INDEXES } from '../../functions/src/store/table.ts';
import type { StageConfig } from '../config.ts';

export interface AlarmsProps {
  readonly config: StageConfig;
  readonly httpApi: apigw.IHttpApi;
  readonly functions: Record<string, lambda.IFunction>;
  readonly table: dynamodb.ITable;
}

const PERIOD = Duration.minutes(5);

/**
 * Alarms to one SNS topic (subscribe an e-mail with `-c alarmEmail=…`): API 5xx, errors and throttles of
 * each function, and throttled reads or writes on the table or any of its indexes. Each alarm fires on
 * the first occurrence in five minutes: the traffic is low, so one failure is worth a look.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { config } = props;
    this.prefix = config.prefix;

    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `${config.prefix}-alarms`,
      displayName: `Passerelle ${config.stage} alarms`,
      enforceSSL: true,
    });
    if (config.alarmEmail) this.topic.addSubscription(new EmailSubscription(config.alarmEmail));

    this.add(
      'api-5xx',
      'API responded 5xx',
      props.httpApi.metricServerError({ period: PERIOD, statistic: 'Sum' }),
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(
        `${name}-errors`,
        `Function ${name} failed`,
        fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
      );
      this.add(
        `${name}-throttles`,
        `Function ${name} was throttled`,
        fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
      );
    }
    this.add('table-throttles', 'DynamoDB throttled reads or writes', this.tableThrottles(props.table));
  }

  private add(id: string, description: string, metric: cloudwatch.IMetric): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `${this.prefix}-${id}`,
      alarmDescription: `Passerelle: ${description}`,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }

  /** Sum of ReadThrottleEvents and WriteThrottleEvents of the table and of each index (10 metrics). */
  private tableThrottles(table: dynamodb.ITable): cloudwatch.IMetric {
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    const targets = [
      { key: 'table', dimensions: { TableName: table.tableName } },
      ...INDEXES.map((index) => ({
        key: index.name.toLowerCase(),
        dimensions: { TableName: table.tableName, GlobalSecondaryIndexName: index.name },
      })),
    ];
    for (const target of targets) {
      for (const kind of ['Read', 'Write'] as const) {
        usingMetrics[`${target.key}_${kind.toLowerCase()}`] = new cloudwatch.Metric({
          namespace: 'AWS/DynamoDB',
          metricName: `${kind}ThrottleEvents`,
          dimensionsMap: target.dimensions,
          period: PERIOD,
          statistic: 'Sum',
        });
      }
    }
    return new cloudwatch.MathExpression({
      expression: 'SUM(FILL(METRICS(), 0))',
      usingMetrics,
      period: PERIOD,
      label: 'DynamoDB throttle events',
    });
  }
}
