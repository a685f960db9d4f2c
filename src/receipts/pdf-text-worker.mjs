// Plain JavaScript because worker threads do not inherit the tsx loader that runs the TypeScript sources.
import { readFile } from 'node:fs/promises';
import { PDFParse, VerbosityLevel } from 'pdf-parse';

// pdf.js does one-time set-up during its first parse: with pdf-parse 2.4.5 on a 2-core
// machine the first one-page receipt took about 230 ms and the next ones about 50 ms.
// Piscina marks a thread ready only once this module has loaded, so parsing a tiny PDF here
// keeps that set-up out of the first file's time limit.
await warmUp();

/**
 * Piscina task: extracts the text layer of one PDF. The file is read here, in the worker,
 * so its bytes are never copied through the pool's message port. `startedPort` receives one
 * message when the task starts, so the pool times the file and not its wait for a thread.
 *
 * Returns { ok: true, text, pageCount }, or { ok: false, code, reason } where code is
 * PDF_ENCRYPTED, PDF_UNREADABLE or FILE_READ_FAILED (the pool turns the last into an error).
 */
export default async function extractPdfText({ filePath, startedPort }) {
  startedPort?.postMessage('started');
  startedPort?.close();

  let bytes;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    return { ok: false, code: 'FILE_READ_FAILED', reason: `${error.code ?? error.name}: ${error.message}` };
  }

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
