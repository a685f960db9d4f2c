import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../support/run-cli.ts';

function demoEnv(): Record<string, string> {
  return {
    COMPROBANTES_HOME: mkdtempSync(path.join(os.tmpdir(), 'demo-')),
    COMPROBANTES_QUEUE_PREFIX: `d${randomBytes(5).toString('hex')}`,
    REDIS_URL: 'redis://127.0.0.1:6379',
    COMPROBANTES_STABLE_MS: '300',
    COMPROBANTES_POLL_MS: '100',
  };
}

describe('comprobantes demo', () => {
  it('gets the expected verdicts twice on one data folder', async () => {
    const env = demoEnv();
    for (const run of [1, 2]) {
      const result = await runCli(['demo', '--receipts', '9'], env);
      expect(result.code, `run ${run}: ${result.stdout}${result.stderr}`).toBe(0);
      expect(result.stdout).toContain('Comprobantes: 9');
      expect(result.stdout).toContain('Cada comprobante obtuvo el resultado esperado por el escenario de prueba.');
    }
  });

  it('runs again after a run stopped midway', async () => {
    const env = demoEnv();
    const first = spawnCli(['demo', '--receipts', '9'], env);
    let stdout = '';
    const exited = new Promise((resolve) => first.on('close', resolve));
    // Stopped right after it drops its batch, which the next run then finds unfinished.
    await new Promise<void>((resolve) => {
      first.stdout!.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.includes('Lote dejado en')) resolve();
      });
    });
    first.kill('SIGINT');
    await exited;

    const second = await runCli(['demo', '--receipts', '9'], env);
    expect(second.code, `${second.stdout}${second.stderr}`).toBe(0);
    expect(second.stdout).toContain('Cada comprobante obtuvo el resultado esperado por el escenario de prueba.');
  });
});
