import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderReasonCodesPage } from '../../src/reports/reason-docs.ts';
import { isReasonCode, reasonCatalogue, reasonCodes } from '../../src/reports/reason-codes.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const codePattern = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/**
 * Upper-snake literals also name environment variables and Node error codes, so a literal
 * counts as a reason code only when it starts with a word that starts a catalogue code
 * (ORDER_, PDF_, CDR_...).
 */
const codePrefixes = new Set(reasonCodes.map((code) => code.split('_')[0]));

/** Code-like literals that are not reason codes, with what they are instead. */
const notReasonCodes: ReadonlyMap<string, string> = new Map([
  ['FILE_READ_FAILED', 'PDF text worker result that the pool throws as an error; never a finding'],
]);

function sourceFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Collects reason-code-like string literals in src/ and jobs/, with the files that use them. */
function codesUsedInSources(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  const literal = /(['"`])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\1/g;
  for (const file of [...sourceFiles(path.join(repoRoot, 'src')), ...sourceFiles(path.join(repoRoot, 'jobs'))]) {
    for (const match of readFileSync(file, 'utf8').matchAll(literal)) {
      const code = match[2] ?? '';
      if (!codePrefixes.has(code.split('_')[0]) || notReasonCodes.has(code)) continue;
      used.set(code, [...(used.get(code) ?? []), path.relative(repoRoot, file)]);
    }
  }
  return used;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

describe('reason-code docs page', () => {
  it('matches the catalogue', () => {
    const page = readFileSync(path.join(repoRoot, 'docs/reason-codes.md'), 'utf8');
    expect(page, 'docs/reason-codes.md is stale: run `npx tsx scripts/render-reason-codes.ts`').toBe(
      renderReasonCodesPage(),
    );
  });

  it('lists every code once', () => {
    const page = renderReasonCodesPage();
    for (const code of reasonCodes) {
      expect(page.split(`| \`${code}\` |`).length - 1, code).toBe(1);
    }
  });
});

describe('reason codes in sources', () => {
  it('all exist in the catalogue', () => {
    const used = codesUsedInSources();
    const unknown = [...used].filter(([code]) => !isReasonCode(code)).map(([code, files]) => `${code} in ${files.join(', ')}`);
    expect(unknown).toEqual([]);
  });

  it('scan finds the codes the checks use', () => {
    const used = codesUsedInSources();
    expect(used.has('ORDER_NOT_FOUND')).toBe(true);
    expect(used.has('CONTENT_CLAIM_MISMATCH')).toBe(true);
  });
});

describe('reason catalogue entries', () => {
  it.each(reasonCodes)('%s is well formed', (code) => {
    const entry = reasonCatalogue[code];
    expect(code).toMatch(codePattern);
    expect(['R', 'W', 'I']).toContain(entry.severity);
    for (const text of [entry.es, entry.en, entry.fix]) {
      expect(text.trim(), `${code}: empty text`).not.toBe('');
      const withoutPlaceholders = text.replace(/\{\w+\}/g, '');
      expect(withoutPlaceholders, `${code}: unbalanced placeholder in "${text}"`).not.toMatch(/[{}]/);
    }
    expect(placeholders(entry.en), `${code}: es and en name different placeholders`).toEqual(placeholders(entry.es));
  });
});
