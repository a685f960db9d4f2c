import { readFile } from 'node:fs/promises';

/**
 * Peak resident set size of a live process, in bytes, from VmHWM in /proc/<pid>/status
 * (Linux only). Worker threads share their process's memory, so this covers the PDF threads.
 * Returns null when the process is gone.
 */
export async function peakRssOf(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

// Linux reports utime and stime in clock ticks; USER_HZ is 100 on every common architecture.
const ticksPerSecond = 100;

/**
 * CPU time (user + system) a live process has used so far, in seconds, threads included,
 * from /proc/<pid>/stat. Returns null when the process is gone.
 */
export async function cpuSecondsOf(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return null;
  }
}

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 ** 2)} MB`;
}
