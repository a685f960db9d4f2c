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

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 ** 2)} MB`;
}
