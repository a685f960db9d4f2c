import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

function configErrorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig({}, env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('loadConfig accepted an invalid environment');
}

describe('loadConfig', () => {
  it('uses the defaults with an empty environment', () => {
    const config = loadConfig({}, {});
    expect(config.home).toBe(path.resolve('./data'));
    expect(config.dropRoot).toBe(path.join(path.resolve('./data'), 'buzones'));
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.redisUrlExplicit).toBe(false);
    expect(config.databaseUrl).toBeNull();
  });

  it('takes the environment over the defaults', () => {
    const config = loadConfig({}, { COMPROBANTES_HOME: '/tmp/c', REDIS_URL: 'redis://127.0.0.1:6390', DATABASE_URL: 'postgres://x@127.0.0.1/db' });
    expect(config.home).toBe('/tmp/c');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6390');
    expect(config.redisUrlExplicit).toBe(true);
    expect(config.databaseUrl).toBe('postgres://x@127.0.0.1/db');
  });

  it('reads the chunk size and the ZIP quiet time from the environment', () => {
    expect(loadConfig({}, {}).worker.chunkSize).toBe(50);
    expect(loadConfig({}, {}).watcher.zipStableMs).toBe(500);
    const config = loadConfig({}, { COMPROBANTES_CHUNK_SIZE: '7', COMPROBANTES_ZIP_STABLE_MS: '250' });
    expect(config.worker.chunkSize).toBe(7);
    expect(config.watcher.zipStableMs).toBe(250);
    expect(() => loadConfig({}, { COMPROBANTES_CHUNK_SIZE: '0' })).toThrow(/worker.chunkSize \(COMPROBANTES_CHUNK_SIZE\)=0/);
    expect(() => loadConfig({}, { COMPROBANTES_ZIP_STABLE_MS: 'soon' })).toThrow(/watcher.zipStableMs \(COMPROBANTES_ZIP_STABLE_MS\)="soon"/);
  });

  it('reads the reader heap limit', () => {
    expect(loadConfig({}, {}).worker.pdfMemoryMb).toBe(2048);
    expect(loadConfig({}, { COMPROBANTES_PDF_MEMORY_MB: '256' }).worker.pdfMemoryMb).toBe(256);
    expect(() => loadConfig({}, { COMPROBANTES_PDF_MEMORY_MB: '0' })).toThrow(/worker.pdfMemoryMb \(COMPROBANTES_PDF_MEMORY_MB\)=0/);
    // With 8 MiB pdf.js cannot load, so every file would stop its thread.
    expect(() => loadConfig({}, { COMPROBANTES_PDF_MEMORY_MB: '8' })).toThrow(/=8: must be at least 64/);
  });

  it('treats empty paths as unset', () => {
    const config = loadConfig({}, { COMPROBANTES_HOME: '', COMPROBANTES_DROP_ROOT: '' });
    expect(config.home).toBe(path.resolve('data'));
    expect(config.dropRoot).toBe(path.resolve('data', 'buzones'));
  });

  it('takes flags over the environment', () => {
    const config = loadConfig({ home: '/tmp/flag' }, { COMPROBANTES_HOME: '/tmp/env' });
    expect(config.home).toBe('/tmp/flag');
  });

  it('names the variable and value that are invalid', () => {
    expect(() => loadConfig({}, { REDIS_URL: 'localhost:6379' })).toThrow(ConfigError);
    expect(() => loadConfig({}, { REDIS_URL: 'localhost:6379' })).toThrow(/redisUrl \(REDIS_URL \/ --redis-url\)="localhost:6379"/);
    expect(() => loadConfig({}, { COMPROBANTES_CONCURRENCY: 'many' })).toThrow(/worker.concurrency \(COMPROBANTES_CONCURRENCY\)="many"/);
    expect(() => loadConfig({}, { COMPROBANTES_CONCURRENCY: '0' })).toThrow(/worker.concurrency \(COMPROBANTES_CONCURRENCY\)=0/);
  });

  it('lists every invalid option in one format', () => {
    const env = { COMPROBANTES_CONCURRENCY: 'many', COMPROBANTES_CHUNK_SIZE: '0', COMPROBANTES_ACCEPT_IMAGE_PDF: 'quizas' };
    const error = configErrorOf(env);

    expect(error.problems.map((problem) => problem.option)).toEqual([
      'worker.concurrency (COMPROBANTES_CONCURRENCY)',
      'worker.chunkSize (COMPROBANTES_CHUNK_SIZE)',
      'policy.acceptImageOnlyPdf (COMPROBANTES_ACCEPT_IMAGE_PDF)',
    ]);
    expect(error.problems.map((problem) => problem.value)).toEqual(['many', 0, 'quizas']);
    expect(error.message).toContain('worker.concurrency (COMPROBANTES_CONCURRENCY)="many": must be a number');
    expect(error.message).toContain('policy.acceptImageOnlyPdf (COMPROBANTES_ACCEPT_IMAGE_PDF)="quizas": must be true or false');
  });

  it('rejects values above the maxima', () => {
    const error = configErrorOf({ COMPROBANTES_PDF_THREADS: '1000', COMPROBANTES_CHUNK_SIZE: '1000000', COMPROBANTES_PDF_MEMORY_MB: '100000', COMPROBANTES_POLL_MS: '3600000' });

    expect(error.problems.map((problem) => [problem.option, problem.expected])).toEqual([
      ['watcher.pollMs (COMPROBANTES_POLL_MS)', 'un número entero de 1 a 60000'],
      ['worker.chunkSize (COMPROBANTES_CHUNK_SIZE)', 'un número entero de 1 a 1000'],
      ['worker.pdfThreads (COMPROBANTES_PDF_THREADS)', 'un número entero de 1 a 64'],
      ['worker.pdfMemoryMb (COMPROBANTES_PDF_MEMORY_MB)', 'un número entero de 64 a 16384 (MiB)'],
    ]);
    expect(error.message).toContain('worker.pdfThreads (COMPROBANTES_PDF_THREADS)=1000: must be at most 64');
  });

  it('accepts the maxima themselves', () => {
    const config = loadConfig({}, { COMPROBANTES_CONCURRENCY: '64', COMPROBANTES_CHUNK_SIZE: '1000', COMPROBANTES_PDF_TIMEOUT_MS: '600000' });

    expect(config.worker.concurrency).toBe(64);
    expect(config.worker.chunkSize).toBe(1000);
    expect(config.worker.pdfTimeoutMs).toBe(600_000);
  });

  it('hides the password of an invalid URL', () => {
    const error = configErrorOf({ DATABASE_URL: 'mysql://app:secreto@127.0.0.1/db', REDIS_URL: 'tcp://:secreto@127.0.0.1:6379' });

    expect(error.problems.map((problem) => problem.value)).toEqual(['tcp://:***@127.0.0.1:6379', 'mysql://app:***@127.0.0.1/db']);
    expect(error.message).not.toContain('secreto');
  });

  it('returns a frozen object', () => {
    const config = loadConfig({}, {});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.limits)).toBe(true);
  });
});
