/** The machine a run measured on, for the report. */
import { cpus, platform, release, totalmem } from 'node:os';

export function describeMachine(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  const gb = (totalmem() / 1024 ** 3).toFixed(1);
  return `${model}, ${list.length} logical CPUs, ${gb} GB RAM, ${platform()} ${release()}, Node.js ${process.version}`;
}
