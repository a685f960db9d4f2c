// Child process entry: writes the PDF and XML of receipts [from, to) of a bench batch. The PDFs
// use the realistic style, so their size and parse time are close to issuers' real PDFs.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildReceiptPdf } from '../src/demo/receipt-pdf.ts';
import { buildReceiptXml } from '../src/demo/receipt-xml.ts';
import { benchScenarios, sunatBaseName } from './batch-scenarios.ts';

const [filesDir, countText, fromText, toText] = process.argv.slice(2);
if (!filesDir || !countText || !fromText || !toText) throw new Error('usage: generate-slice.ts <filesDir> <count> <from> <to>');

const scenarios = benchScenarios(Number(countText)).slice(Number(fromText), Number(toText));
await mkdir(filesDir, { recursive: true });
for (const scenario of scenarios) {
  const base = path.join(filesDir, sunatBaseName(scenario));
  await writeFile(`${base}.xml`, buildReceiptXml(scenario.spec), 'utf8');
  await writeFile(`${base}.pdf`, await buildReceiptPdf(scenario.spec, { style: 'realistic' }));
}
