// Entry of the CDK app (`cdk.json` runs it with tsx): `npm run synth`, `npx cdk deploy -c stage=prod`.
import { buildApp } from './build.ts';

buildApp();
