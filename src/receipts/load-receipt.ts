import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { finding, type Finding } from '../checks/finding.ts';
import type { BatchFile } from '../intake/batch-plan.ts';
import type { PdfTextPool } from './pdf-text-pool.ts';
import { readCdrXml } from './read-cdr.ts';
import { readPdfFields } from './read-pdf-fields.ts';
import { readUblXml } from './read-ubl.ts';
import { mergeReceipt } from './merge-receipt.ts';
import { sniffFileType } from './sniff-file-type.ts';
import type { CdrReceipt, PdfReceipt, ReceiptDocument, XmlReceipt } from './receipt-document.ts';

export interface LoadedFile {
  readonly file: BatchFile;
  readonly absolutePath: string;
  readonly sha256: string;
}

export interface LoadedReceipt {
  /** Null when no file could be read as a receipt. */
  readonly document: ReceiptDocument | null;
  /** File-level problems (type, size, unreadable PDF, malformed XML...). */
  readonly findings: readonly Finding[];
  readonly pdf: LoadedFile | null;
  readonly xml: LoadedFile | null;
}

export interface LoadReceiptOptions {
  readonly workDir: string;
  readonly maxFileBytes: number;
  /** XML receipts and CDRs above this size are rejected before parsing. */
  readonly maxXmlBytes: number;
  readonly pdfPool: PdfTextPool;
}

interface ReadSlot {
  pdf: { loaded: LoadedFile; parsed: PdfReceipt } | null;
  xml: { loaded: LoadedFile; parsed: XmlReceipt } | null;
  cdr: CdrReceipt | null;
  findings: Finding[];
}

/**
 * Reads the files of one receipt. Each file is taken for what its bytes are, whatever its
 * extension or manifest column: a PDF goes to pdf.js (in the pool's threads), an XML to the
 * UBL reader.
 */
export async function loadReceipt(files: { pdf: BatchFile | null; xml: BatchFile | null; cdr: BatchFile | null }, options: LoadReceiptOptions): Promise<LoadedReceipt> {
  const slot: ReadSlot = { pdf: null, xml: null, cdr: null, findings: [] };
  for (const file of [files.xml, files.pdf]) {
    if (file) await readOne(file, options, slot);
  }
  if (files.cdr) await readCdr(files.cdr, options, slot);
  const document = slot.pdf || slot.xml ? mergeReceipt({ xml: slot.xml?.parsed ?? null, pdf: slot.pdf?.parsed ?? null, cdr: slot.cdr }) : null;
  return { document, findings: slot.findings, pdf: slot.pdf?.loaded ?? null, xml: slot.xml?.loaded ?? null };
}

async function readBytes(file: BatchFile, options: LoadReceiptOptions, findings: Finding[]): Promise<{ bytes: Buffer; absolutePath: string } | null> {
  const absolutePath = path.join(options.workDir, file.storedPath);
  const { size } = await stat(absolutePath);
  if (size === 0 || size > options.maxFileBytes) {
    findings.push(finding('FILE_EMPTY_OR_TOO_LARGE', { file: file.originalName, size, max: options.maxFileBytes }));
    return null;
  }
  return { bytes: await readFile(absolutePath), absolutePath };
}

async function readOne(file: BatchFile, options: LoadReceiptOptions, slot: ReadSlot): Promise<void> {
  const read = await readBytes(file, options, slot.findings);
  if (!read) return;
  const loaded: LoadedFile = { file, absolutePath: read.absolutePath, sha256: createHash('sha256').update(read.bytes).digest('hex') };
  const type = sniffFileType(read.bytes.subarray(0, 1024));
  if (type.kind === 'xml' && read.bytes.length > options.maxXmlBytes) {
    slot.findings.push(finding('FILE_EMPTY_OR_TOO_LARGE', { file: file.originalName, size: read.bytes.length, max: options.maxXmlBytes }));
    return;
  }
  if (type.kind === 'xml' && !slot.xml) {
    const result = readUblXml(read.bytes, file.originalName);
    if (result.ok) slot.xml = { loaded, parsed: result.value };
    else slot.findings.push(finding(result.code, result.details));
    return;
  }
  if (type.kind === 'pdf' && !slot.pdf) {
    const text = await options.pdfPool.extract(read.absolutePath);
    if (text.ok) slot.pdf = { loaded, parsed: readPdfFields(text.text, text.pageCount) };
    else slot.findings.push(finding(text.code, { file: file.originalName, reason: text.reason }));
    return;
  }
  // Two files of one kind (two XMLs, say) cannot both be this receipt's document.
  const detected = type.kind === 'pdf' || type.kind === 'xml' ? `un segundo ${type.kind.toUpperCase()} para el mismo comprobante` : type.description;
  slot.findings.push(finding('FILE_TYPE_UNSUPPORTED', { file: file.originalName, detected }));
}

async function readCdr(file: BatchFile, options: LoadReceiptOptions, slot: ReadSlot): Promise<void> {
  const read = await readBytes(file, options, slot.findings);
  if (!read) return;
  if (read.bytes.length > options.maxXmlBytes) {
    slot.findings.push(finding('FILE_EMPTY_OR_TOO_LARGE', { file: file.originalName, size: read.bytes.length, max: options.maxXmlBytes }));
    return;
  }
  const result = readCdrXml(read.bytes, file.originalName);
  if (result.ok) slot.cdr = result.value;
  else slot.findings.push(finding(result.code, result.details));
}
