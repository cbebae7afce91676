import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { StageConfig } from './config.ts';

/** What the web ACL limits more strictly than the rest: the public register, its registrations, sign-in. */
export const SENSITIVE_PREFIXES = ['/v1/public/', '/auth/'] as const;

const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName: name,
  sampledRequestsEnabled: true,
});

const startsWith = (prefix: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: prefix,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

/**
 * The CloudFront web ACL of a stage. CloudFront takes web ACLs from us-east-1 only, so this is its own stack
 * there (`Passerelle-<stage>-edge`); its ARN goes to the main stack as the context `webAclArn` (docs/deploy.md).
 * Rate-based rules per client IP, each over 5 minutes: registrations, then the public register and sign-in,
 * then everything.
 */
export class PasserelleEdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps & { config: StageConfig }) {
    super(scope, id, { description: `Passerelle (${props.config.stage}): CloudFront web ACL`, ...props });
    const { config } = props;
    const rate = (
      name: string,
      priority: number,
      limit: number,
      scope?: wafv2.CfnWebACL.StatementProperty,
    ) => ({
      name,
      priority,
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          limit,
          aggregateKeyType: 'IP',
          evaluationWindowSec: 300,
          ...(scope ? { scopeDownStatement: scope } : {}),
        },
      },
      visibilityConfig: visibility(`${config.prefix}-${name}`),
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `${config.prefix}-web`,
      description: 'Passerelle: requests per client IP',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${config.prefix}-web`),
      rules: [
        rate('registrations-per-ip', 0, Math.max(10, Math.floor(config.rateLimits.sensitive / 10)), {
          andStatement: {
            statements: [
              startsWith('/v1/public/cities/'),
              {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'ENDS_WITH',
                  searchString: '/registrations',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            ],
          },
        }),
        rate('public-and-sign-in-per-ip', 1, config.rateLimits.sensitive, {
          orStatement: { statements: SENSITIVE_PREFIXES.map(startsWith) },
        }),
        rate('all-per-ip', 2, config.rateLimits.all),
      ],
    });
    new CfnOutput(this, 'WebAclArn', {
      value: this.webAcl.attrArn,
      description: 'The context webAclArn of the main stack',
    });
  }
}
