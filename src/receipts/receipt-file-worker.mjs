// Plain JavaScript because worker threads do not inherit the tsx loader of the main thread.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PDFParse, VerbosityLevel } from 'pdf-parse';
import { tsImport } from 'tsx/esm/api';

// pdf.js does one-time set-up during its first parse, including a dynamic import of its
// worker module: with pdf-parse 2.4.5 on a 2-core machine the first one-page receipt took
// about 230 ms and the next ones about 50 ms. Piscina marks a thread ready only once this
// module has loaded, so the warm-up keeps that set-up out of the first file's time limit.
// It must also run before tsx is loaded below: through tsx's hooks, that import of pdf.js's
// worker module took over 64 MiB of heap, against about 20 MiB without them.
await warmUp();

// tsImport loads the TypeScript readers without registering tsx for the whole thread.
const { sniffFileType } = await tsImport('./sniff-file-type.ts', import.meta.url);
const { readUblXml } = await tsImport('./read-ubl.ts', import.meta.url);
const { readCdrXml } = await tsImport('./read-cdr.ts', import.meta.url);
const { readPdfFields } = await tsImport('./read-pdf-fields.ts', import.meta.url);
const { takeArchiveEntry } = await tsImport('../intake/archive-entry.ts', import.meta.url);

/**
 * Piscina task with two modes.
 *
 * { mode: 'pdf-text', filePath, progress }: the text layer of one PDF. Returns
 * { ok: true, text, pageCount } or { ok: false, code, reason }, code PDF_ENCRYPTED,
 * PDF_UNREADABLE or FILE_READ_FAILED (the pool turns the last into an error).
 *
 * { mode: 'files', files, progress }: files of one or more receipts, one after another, each
 * { filePath, archive, fileName, role, maxBytes, maxXmlBytes } read, hashed and parsed by
 * what its bytes are. With `archive`, the file is first inflated from the ZIP and written to
 * filePath. Returns one FileReadResult per file (see receipt-file-pool.ts), or
 * { status: 'failed' } for a file our disk could not read.
 *
 * `progress` is the task's shared progress record (TaskProgress in receipt-file-pool.ts).
 * The thread records when it starts reading and parsing each file, so the pool times each
 * parse apart from the reads and the wait for a thread.
 */
export default async function readReceiptFiles(task) {
  const record = progressRecorder(task.progress);
  if (task.mode === 'pdf-text') return pdfText(task, record);
  const results = [];
  for (const [index, file] of task.files.entries()) {
    record(index, 'read');
    results.push(await receiptFile(file, (kind) => record(index, kind)));
  }
  return results;
}

const phases = { read: 0, xml: 1, pdf: 2 };

/**
 * Returns a function that writes what the thread does now to the task's progress record:
 * the time and the file first, then the phase, which the pool reads first.
 */
function progressRecorder(progress) {
  if (!progress) return () => undefined;
  const counters = new Int32Array(progress, 0, 3);
  const startedAt = new Float64Array(progress, 16, 1);
  return (index, phase) => {
    startedAt[0] = performance.timeOrigin + performance.now();
    Atomics.store(counters, 2, index);
    if (phase === 'pdf') Atomics.add(counters, 1, 1);
    Atomics.store(counters, 0, phases[phase]);
  };
}

async function pdfText({ filePath }, record) {
  let bytes;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    return readFailure(error);
  }
  record(0, 'pdf');
  return extractText(bytes);
}

async function receiptFile({ filePath, archive, fileName, role, maxBytes, maxXmlBytes }, started) {
  let bytes;
  try {
    if (archive) {
      const entry = takeArchiveEntry(archive.file.path, archive.entry, filePath, archive.file.identity);
      if (!entry.ok) return { status: 'damaged', damage: entry.damage };
      bytes = entry.bytes;
    } else {
      bytes = await readFile(filePath);
    }
  } catch (error) {
    return readFailure(error);
  }
  const size = bytes.length;
  if (size === 0 || size > maxBytes) return { status: 'too-large', size, max: maxBytes };

  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const type = role === 'cdr' ? { kind: 'xml', description: 'XML' } : sniffFileType(bytes.subarray(0, 1024));
  if (type.kind === 'xml' && size > maxXmlBytes) return { status: 'too-large', size, max: maxXmlBytes };
  if (type.kind === 'xml') {
    started('xml');
    const parsed = role === 'cdr' ? readCdrXml(bytes, fileName) : readUblXml(bytes, fileName);
    return { status: 'read', kind: 'xml', size, sha256, parsed };
  }
  if (type.kind === 'pdf') {
    started('pdf');
    const text = await extractText(bytes);
    if (text.ok) return { status: 'read', kind: 'pdf', size, sha256, parsed: { ok: true, value: readPdfFields(text.text, text.pageCount) } };
    if (text.code === 'FILE_READ_FAILED') return text;
    return { status: 'read', kind: 'pdf', size, sha256, parsed: { ok: false, code: text.code, reason: text.reason } };
  }
  return { status: 'read', kind: 'other', size, sha256, description: type.description };
}

function readFailure(error) {
  return { ok: false, status: 'failed', code: 'FILE_READ_FAILED', reason: `${error.code ?? error.name}: ${error.message}` };
}

async function extractText(bytes) {
  // isEvalSupported: false keeps pdf.js from compiling font programs with new Function().
  const parser = new PDFParse({
    data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    isEvalSupported: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  try {
    const result = await parser.getText({ pageJoiner: '' });
    return { ok: true, text: result.text, pageCount: result.total };
  } catch (error) {
    return describeFailure(error);
  } finally {
    await parser.destroy();
  }
}

/** pdf-parse 2.4 maps pdf.js errors to classes named PasswordException, InvalidPDFException, FormatError... */
function describeFailure(error) {
  const name = error?.name ?? 'Error';
  if (name === 'PasswordException') return { ok: false, code: 'PDF_ENCRYPTED', reason: 'protegido con contraseña' };
  if (name === 'InvalidPDFException') return { ok: false, code: 'PDF_UNREADABLE', reason: 'la estructura del PDF no es válida' };
  return { ok: false, code: 'PDF_UNREADABLE', reason: `error de pdf.js: ${String(error?.message ?? error).slice(0, 200)}` };
}

async function warmUp() {
  const parser = new PDFParse({ data: tinyPdf(), isEvalSupported: false, verbosity: VerbosityLevel.ERRORS });
  try {
    await parser.getText({ pageJoiner: '' });
  } catch {
    // A failed warm-up only means the first file pays the loading cost; that file's own parse reports any real fault.
  } finally {
    await parser.destroy();
  }
}

/** Builds a one-page PDF with one line of Helvetica text and a correct cross-reference table. */
function tinyPdf() {
  const content = 'BT /F1 12 Tf 72 720 Td (warm-up) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let text = '%PDF-1.4\n';
  const offsets = objects.map((body, index) => {
    const offset = text.length;
    text += `${index + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xrefOffset = text.length;
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return new TextEncoder().encode(text);
}
