// Plain JavaScript because worker threads do not inherit the tsx loader that runs the TypeScript sources.
import { readFile } from 'node:fs/promises';
import { PDFParse, VerbosityLevel } from 'pdf-parse';

/**
 * Piscina task: extracts the text layer of one PDF. The file is read here, in the worker,
 * so its bytes are never copied through the pool's message port.
 *
 * Returns { ok: true, text, pageCount }, or { ok: false, code, reason } where code is
 * PDF_ENCRYPTED, PDF_UNREADABLE or FILE_READ_FAILED (the pool turns the last into an error).
 */
export default async function extractPdfText({ filePath }) {
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
