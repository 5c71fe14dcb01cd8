/**
 * Process ancestry from /proc: the CLI tells the extension its chain so the extension can name the terminal it
 * runs in, and the extension reads the chain again itself rather than trusting the one it is told.
 */
import { readFileSync } from 'node:fs';

/**
 * This process and its ancestors, nearest first: the terminal's shell is one of them, so the extension can
 * name the terminal. Linux tells the whole chain in /proc; elsewhere the parent is what Node knows.
 */
export function processAncestry(
  pid: number = process.pid,
  ppid: number = process.ppid,
  readStat: (pid: number) => string | undefined = linuxStat,
): number[] {
  const chain = [pid];
  let next: number | undefined = ppid;
  while (next && next > 1 && chain.length < 32 && !chain.includes(next)) {
    chain.push(next);
    const stat = readStat(next);
    next = stat === undefined ? undefined : parentIn(stat);
  }
  return chain;
}

export function linuxStat(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The ancestry of a process as this machine's /proc tells it (Linux), nearest first: what the extension trusts
 * instead of the chain a client reports. Undefined where /proc cannot say (another OS, or no such process).
 */
export function ancestryOf(
  pid: number,
  readStat: (pid: number) => string | undefined = linuxStat,
): number[] | undefined {
  const stat = readStat(pid);
  if (!stat) return undefined;
  return processAncestry(pid, parentIn(stat), readStat);
}

/** "pid (comm) state ppid ...": the command name may itself hold spaces and parentheses. */
function parentIn(stat: string): number | undefined {
  const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  return Number.isInteger(parent) ? parent : undefined;
}
