/**
 * CPU time used by a process (user + system), read from /proc on Linux: a measure of cost that the
 * machine's load does not change much, unlike requests per second on a shared machine.
 */
import { readFileSync } from 'node:fs';

/** USER_HZ: the unit of /proc's times, 100 on every Linux the bench runs on. */
const TICKS_PER_SECOND = 100;

/** Milliseconds of CPU the process has used so far; undefined where /proc is not there. */
export function cpuMsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command's name (in parentheses, may hold spaces): state, then fields 4…; utime and stime
    // are the 14th and 15th fields.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** This process's CPU in milliseconds (microsecond precision). */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
