/** `tsx infra/bundle-cli.ts <entry> <outdir>`: what CDK runs to bundle one function (see bundling.ts). */
import { bundleLambda } from './bundling.ts';

const [entry, outdir] = process.argv.slice(2);
if (!entry || !outdir) {
  console.error('usage: tsx infra/bundle-cli.ts <entry> <outdir>');
  process.exit(2);
}
await bundleLambda(entry, outdir);
