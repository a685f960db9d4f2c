/**
 * Writes docs/reason-codes.md from the reason-code catalogue.
 * Run after changing src/reports/reason-codes.ts: `npx tsx scripts/render-reason-codes.ts`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderReasonCodesPage } from '../src/reports/reason-docs.ts';

const target = fileURLToPath(new URL('../docs/reason-codes.md', import.meta.url));
writeFileSync(target, renderReasonCodesPage(), 'utf8');
console.log(`wrote ${target}`);
