/**
 * Writes the two mixed batches (every mistake and hostile file that the checks look for) with
 * the sellers and orders files, and prints the commands that load them and the verdict each
 * row must get.
 *
 *   npx tsx scripts/build-mixed-batch.ts [folder] [--number-base N] [--slow-pdf-operators N]
 *
 * The folder defaults to ./data/lote-mixto/<tag>. Each run uses new order numbers and takes
 * a range of 100 correlativos from the time of day, so it can be loaded into a database that
 * contains earlier runs. The range repeats after a day, and --number-base picks another.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildMixedBatches, formatExpectedTable } from '../src/demo/build-mixed-batch.ts';
import { mixedScenarios } from '../src/demo/mixed-scenarios.ts';
import { mixedSeller } from '../src/demo/mixed-world.ts';
import { limaToday } from '../src/pipeline.ts';

/** PDF time limit for the ingest commands; the slow PDF must take longer than this to parse. */
const pdfTimeoutMs = 3000;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'number-base': { type: 'string' },
    // 15 to 24 s of parsing with pdf-parse 2.4.5 on a 2-core machine, depending on load.
    'slow-pdf-operators': { type: 'string', default: '3000000' },
  },
});

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got "${text}"`);
  return value;
}

const now = new Date();
const runTag = `MX${now.toISOString().replace(/\D/g, '').slice(2, 12)}`;
const secondsOfDay = Math.floor(now.getTime() / 1000) % 86_400;
const numberBase = values['number-base'] === undefined ? 1 + secondsOfDay * 100 : positiveInteger('number-base', values['number-base']);
const folder = path.resolve(positionals[0] ?? path.join('data', 'lote-mixto', runTag));

const scenarios = mixedScenarios({ runTag, numberBase, today: limaToday(now) });
const built = await buildMixedBatches(folder, scenarios, {
  zipPrefix: `lote-mixto-${runTag}`,
  slowPdfOperators: positiveInteger('slow-pdf-operators', values['slow-pdf-operators']!),
});

const say = (line = '') => process.stdout.write(`${line}\n`);
say(`Lotes escritos en ${folder} (pedidos ${runTag}-*, correlativos ${numberBase} a ${numberBase + 99}).`);
say();
say('Cárguelos en este orden; el lote 2 solo después del reporte del lote 1:');
say(`  npx comprobantes sellers import ${built.sellersCsv}`);
say(`  npx comprobantes orders import ${built.ordersCsv}`);
for (const batch of built.batches) {
  say(`  COMPROBANTES_PDF_TIMEOUT_MS=${pdfTimeoutMs} npx comprobantes ingest ${batch.zipPath} --seller ${mixedSeller.id} --wait`);
}
say();
say('Con el límite por defecto (20 s) el PDF lento puede terminar de leerse y, sin texto, salir PDF_NO_TEXT en vez de PDF_UNREADABLE.');
say();
say('Resultado esperado por fila:');
say(formatExpectedTable(built.batches));
