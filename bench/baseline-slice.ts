// Child process entry: reads and parses a slice of files in a plain loop and prints
// a SliceResult (baseline.ts) as one JSON line. Module loading is not timed.
import { readFile } from 'node:fs/promises';
import { readUblXml } from '../src/receipts/read-ubl.ts';

type PdfTextTask = (task: { mode: 'pdf-text'; filePath: string }) => Promise<{ ok: boolean }>;

const [mode, listFile, fromText, toText] = process.argv.slice(2);
if ((mode !== 'pdf' && mode !== 'xml') || !listFile || !fromText || !toText) {
  throw new Error('usage: baseline-slice.ts pdf|xml <list.json> <from> <to>');
}
const files = (JSON.parse(await readFile(listFile, 'utf8')) as string[]).slice(Number(fromText), Number(toText));

// The pipeline's own PDF task (pdf-parse 2.4 with the same options), called directly in this
// loop. Importing it loads and warms up pdf.js before the clock starts, as in the pipeline's threads.
const workerUrl = new URL('../src/receipts/receipt-file-worker.mjs', import.meta.url).href;
const pdfTask = mode === 'pdf' ? ((await import(workerUrl)) as { default: PdfTextTask }).default : null;
const extractPdfText = pdfTask ? (filePath: string) => pdfTask({ mode: 'pdf-text', filePath }) : null;

// Each file is read once before the clock starts, so the timed loop finds it in the page
// cache, as the pipeline finds the ZIP it has just hashed. Without this, files evicted by
// earlier stages put the XML baseline anywhere from 1,453 to 3,242 receipts/s in one day.
for (const filePath of files) await readFile(filePath);

let failures = 0;
const started = performance.now();
const cpuBefore = process.cpuUsage();
for (const filePath of files) {
  if (extractPdfText) {
    if (!(await extractPdfText(filePath)).ok) failures += 1;
  } else if (!readUblXml(await readFile(filePath), filePath).ok) {
    failures += 1;
  }
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(`${JSON.stringify({ files: files.length, failures, seconds, cpuSeconds, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
