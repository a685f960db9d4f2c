import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { binNodeFlags } from '../../src/cli/bin-node-flags.ts';
import { repoRoot } from '../support/run-cli.ts';

const folder = mkdtempSync(path.join(os.tmpdir(), 'bin-flags-'));

function scriptWith(firstLine: string): string {
  const file = path.join(folder, `script-${Math.random().toString(36).slice(2)}.js`);
  writeFileSync(file, `${firstLine}\nconsole.log(1);\n`);
  return file;
}

describe('binNodeFlags', () => {
  it('reads env -S node flags', async () => {
    expect(await binNodeFlags(scriptWith('#!/usr/bin/env -S node --max-old-space-size=512 --no-warnings'))).toEqual(['--max-old-space-size=512', '--no-warnings']);
  });

  it('ignores other first lines', async () => {
    expect(await binNodeFlags(scriptWith('#!/usr/bin/env node'))).toEqual([]);
    expect(await binNodeFlags(scriptWith('// no shebang'))).toEqual([]);
  });

  it('reads the bin heap limit', async () => {
    expect(await binNodeFlags(path.join(repoRoot, 'bin', 'comprobantes.js'))).toEqual(['--max-old-space-size=512']);
  });
});
