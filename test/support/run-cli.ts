import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
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

/**
 * Returns the environment of a CLI run with its own data folder and queue prefix (starting
 * with `tag`) on the test Redis, and short watcher times.
 */
export function freshCliEnv(tag: string): Record<string, string> {
  return {
    COMPROBANTES_HOME: mkdtempSync(path.join(os.tmpdir(), `${tag}-`)),
    COMPROBANTES_QUEUE_PREFIX: `${tag}${randomBytes(5).toString('hex')}`,
    REDIS_URL: 'redis://127.0.0.1:6379',
    COMPROBANTES_STABLE_MS: '300',
    COMPROBANTES_POLL_MS: '100',
  };
}

/** Resolves once the child's stderr contains `text`; rejects with what it wrote after `timeoutMs`. */
export function waitForStderr(child: ChildProcess, text: string, timeoutMs = 30_000): Promise<void> {
  let stderr = '';
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`"${text}" not written within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
      if (stderr.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}
