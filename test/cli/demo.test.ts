import { describe, expect, it } from 'vitest';
import { freshCliEnv, runCli, spawnCli } from '../support/run-cli.ts';

describe('comprobantes demo', () => {
  it('gets the expected verdicts twice on one data folder', async () => {
    const env = freshCliEnv('d');
    for (const run of [1, 2]) {
      const result = await runCli(['demo', '--receipts', '9'], env);
      expect(result.code, `run ${run}: ${result.stdout}${result.stderr}`).toBe(0);
      expect(result.stdout).toContain('Comprobantes: 9');
      expect(result.stdout).toContain('Cada comprobante obtuvo el resultado esperado por el escenario de prueba.');
    }
  });

  it('runs again after a run stopped midway', async () => {
    const env = freshCliEnv('d');
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
