import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { binNodeFlags } from '../../src/cli/bin-node-flags.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(repoRoot, 'bin', 'comprobantes.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Node flags on the first line of bin/comprobantes.js, so that tests run it as `npx comprobantes` does. */
const binFlags = await binNodeFlags(bin);

/** User and group to run the CLI as. Switching users needs root. */
export interface CliUser {
  readonly uid: number;
  readonly gid: number;
}

/** Runs the real `comprobantes` entry point in a child process, with the shebang's node flags or the ones given. */
export function spawnCli(args: string[], env: Record<string, string>, nodeFlags: readonly string[] = binFlags, user?: CliUser): ChildProcess {
  return spawn(process.execPath, [...nodeFlags, bin, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...user });
}

export function runCli(args: string[], env: Record<string, string>, user?: CliUser): Promise<CliResult> {
  const child = spawnCli(args, env, binFlags, user);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
