import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';

/**
 * Every child the bench starts, so that a failure or Ctrl+C still stops them all. Children
 * get SIGTERM first (the pipeline's graceful stop), then SIGKILL after a deadline.
 */
const running = new Set<ChildProcess>();

export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, options);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Resolves with the exit code; rejects when the child cannot start. */
export async function exitCodeOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

/** Sends SIGTERM and waits; sends SIGKILL when the child is still alive after deadlineMs. */
export async function stopChild(child: ChildProcess, deadlineMs = 40_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

export async function stopAllChildren(): Promise<void> {
  await Promise.allSettled([...running].map((child) => stopChild(child, 10_000)));
}

/** Runs a command to its end and throws with its output when it exits with a non-zero code. */
export async function runToEnd(command: string, args: readonly string[], options: SpawnOptions): Promise<string> {
  const child = spawnTracked(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await exitCodeOf(child);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with code ${code}:\n${output.slice(-2000)}`);
  return output;
}
