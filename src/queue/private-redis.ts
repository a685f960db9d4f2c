import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { redisAnswers } from './redis.ts';

/** Why no Redis could be used: the named one is down, redis-server is missing, or it failed to start. */
export type RedisProblem = 'unreachable' | 'not_installed' | 'start_failed';

export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
  readonly code = 'REDIS_UNAVAILABLE';

  constructor(
    message: string,
    readonly problem: RedisProblem,
    readonly url: string,
  ) {
    super(message);
  }
}

export interface RedisEndpoint {
  readonly url: string;
  /** Set when this process started its own redis-server; stop() shuts it down (its AOF keeps the jobs). */
  readonly privateServer: { readonly pid: number; stop(): Promise<void> } | null;
}

export interface ResolveRedisOptions {
  readonly url: string;
  /** True when REDIS_URL or --redis-url named this server: then it is never replaced by a private one. */
  readonly explicit: boolean;
  readonly home: string;
  readonly logger: Logger;
}

/**
 * Finds a Redis to use: the configured one, else a private one already started by another
 * command on this data folder, else a new private redis-server from PATH with its data
 * (AOF on, noeviction as BullMQ requires) under `<home>/redis`.
 */
export async function resolveRedis(options: ResolveRedisOptions): Promise<RedisEndpoint> {
  if (await redisAnswers(options.url)) return { url: options.url, privateServer: null };
  if (options.explicit) {
    throw new RedisUnavailableError(`Redis at ${options.url} is not reachable; start it, or unset REDIS_URL to use a private redis-server`, 'unreachable', options.url);
  }
  const dir = path.join(options.home, 'redis');
  const running = readRunningPrivateUrl(dir);
  if (running && (await redisAnswers(running))) {
    options.logger.info({ url: running }, 'using private redis-server started by another command');
    return { url: running, privateServer: null };
  }
  if (spawnSync('redis-server', ['--version']).error) {
    throw new RedisUnavailableError(
      `Redis at ${options.url} is not reachable and redis-server is not on PATH; install it (apt-get install redis-server) or set REDIS_URL`,
      'not_installed',
      options.url,
    );
  }
  return startPrivateRedis(dir, options.logger);
}

function readRunningPrivateUrl(dir: string): string | null {
  try {
    return readFileSync(path.join(dir, 'url'), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startPrivateRedis(dir: string, logger: Logger): Promise<RedisEndpoint> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction', '--logfile', 'redis.log'];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  await waitUntilAnswering(url, child);
  writeFileSync(path.join(dir, 'url'), `${url}\n`);
  logger.info({ url, dir, pid: child.pid }, 'started private redis-server');
  return { url, privateServer: { pid: child.pid ?? -1, stop: () => stopPrivateRedis(child, dir) } };
}

async function waitUntilAnswering(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new RedisUnavailableError(`redis-server exited with code ${child.exitCode}; see its redis.log`, 'start_failed', url);
    if (await redisAnswers(url, 500)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new RedisUnavailableError(`redis-server at ${url} was not reachable after 15 s`, 'start_failed', url);
}

async function stopPrivateRedis(child: ChildProcess, dir: string): Promise<void> {
  rmSync(path.join(dir, 'url'), { force: true });
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // SIGTERM makes redis-server flush its AOF and exit cleanly.
  child.kill('SIGTERM');
  await exited;
}
