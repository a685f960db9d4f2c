import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { RedisUnavailableError, resolveRedis } from '../../src/queue/private-redis.ts';
import { redisAnswers } from '../../src/queue/redis.ts';

// Port 1 is privileged and unused here, so no server listens on it.
const unreachable = 'redis://127.0.0.1:1';
const logger = createLogger('silent');

describe('resolveRedis', () => {
  it('uses the configured Redis when it answers', async () => {
    const endpoint = await resolveRedis({ url: 'redis://127.0.0.1:6379', explicit: false, home: os.tmpdir(), logger });
    expect(endpoint.url).toBe('redis://127.0.0.1:6379');
    expect(endpoint.privateServer).toBeNull();
  });

  it('rejects an explicit Redis that is not reachable', async () => {
    await expect(resolveRedis({ url: unreachable, explicit: true, home: os.tmpdir(), logger })).rejects.toBeInstanceOf(RedisUnavailableError);
  });

  it('starts a private redis-server with AOF under the data folder', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'private-redis-'));
    const endpoint = await resolveRedis({ url: unreachable, explicit: false, home, logger });
    try {
      expect(endpoint.privateServer).not.toBeNull();
      expect(await redisAnswers(endpoint.url)).toBe(true);
      expect(existsSync(path.join(home, 'redis', 'url'))).toBe(true);

      const again = await resolveRedis({ url: unreachable, explicit: false, home, logger });
      expect(again.url).toBe(endpoint.url);
      expect(again.privateServer).toBeNull();
    } finally {
      await endpoint.privateServer?.stop();
    }
    expect(await redisAnswers(endpoint.url)).toBe(false);
    expect(existsSync(path.join(home, 'redis', 'appendonlydir')) || existsSync(path.join(home, 'redis', 'appendonly.aof'))).toBe(true);
  });
});
