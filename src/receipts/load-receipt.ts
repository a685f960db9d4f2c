import path from 'node:path';
import { finding, type Finding } from '../checks/finding.ts';
import type { ClaimedArchive } from '../intake/archive-entry.ts';
import type { BatchFile } from '../intake/batch-plan.ts';
import { damagedEntry } from '../intake/intake-findings.ts';
import { fileReadError, type FileReadFailure, type FileReadRequest, type FileReadResult, type ReceiptFilePool } from './receipt-file-pool.ts';
import { mergeReceipt } from './merge-receipt.ts';
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
  readonly filePool: ReceiptFilePool;
  /** The claimed ZIP that contains the files with an `archiveEntry`, or null for a loose CSV batch. */
  readonly archive: ClaimedArchive | null;
}

interface ReadSlot {
  pdf: { loaded: LoadedFile; parsed: PdfReceipt } | null;
  xml: { loaded: LoadedFile; parsed: XmlReceipt } | null;
  cdr: CdrReceipt | null;
  findings: Finding[];
}

/** Files of one receipt, as an item of the batch plan names them. */
export interface ReceiptFiles {
  readonly pdf: BatchFile | null;
  readonly xml: BatchFile | null;
  readonly cdr: BatchFile | null;
}

/**
 * Number of receipts whose files go to a thread as one task. With a task per receipt, the
 * main thread spent about 0.2 ms a receipt on Piscina and its messages. Ten receipts are
 * about 100 ms of PDF parsing, and a chunk of 50 still has five tasks for the threads.
 */
const receiptsPerTask = 10;

/**
 * Reads the files of one receipt in the pool's threads. Each file is taken for what its
 * bytes are, whatever its extension or manifest column: a PDF goes to pdf.js, an XML to the
 * UBL reader. When two files are of one kind, the XML column's file wins. Rejects when a
 * file cannot be read from our own disk.
 */
export async function loadReceipt(files: ReceiptFiles, options: LoadReceiptOptions): Promise<LoadedReceipt> {
  const [loaded] = await loadReceipts([files], options);
  if (loaded instanceof Error) throw loaded;
  return loaded!;
}

/**
 * Loads many receipts as loadReceipt does, their files read in tasks of `receiptsPerTask`
 * receipts. A receipt with a file that cannot be read gets the error in place of its
 * LoadedReceipt, and the others load as usual.
 */
export async function loadReceipts(receipts: readonly ReceiptFiles[], options: LoadReceiptOptions): Promise<Array<LoadedReceipt | Error>> {
  const groups: Array<Promise<Array<LoadedReceipt | Error>>> = [];
  for (let from = 0; from < receipts.length; from += receiptsPerTask) groups.push(loadGroup(receipts.slice(from, from + receiptsPerTask), options));
  return (await Promise.all(groups)).flat();
}

async function loadGroup(receipts: readonly ReceiptFiles[], options: LoadReceiptOptions): Promise<Array<LoadedReceipt | Error>> {
  const planned = receipts.map((files) => {
    try {
      return { files, requests: receiptRequests(files, options) };
    } catch (error) {
      return { files, error: error as Error };
    }
  });
  let reads: Array<FileReadResult | FileReadFailure>;
  try {
    reads = await options.filePool.readFiles(planned.flatMap((plan) => plan.requests ?? []));
  } catch (error) {
    return receipts.map(() => error as Error);
  }
  let next = 0;
  return planned.map((plan) => {
    if (!plan.requests) return plan.error;
    const own = reads.slice(next, next + plan.requests.length);
    next += plan.requests.length;
    const failed = own.findIndex((read) => read.status === 'failed');
    if (failed >= 0) return fileReadError(plan.requests[failed]!, own[failed] as FileReadFailure);
    return loadedFrom(plan.files, own as FileReadResult[], options);
  });
}

/** Lists the read requests of a receipt's files: its documents, XML column first, then its CDR. */
function receiptRequests(files: ReceiptFiles, options: LoadReceiptOptions): FileReadRequest[] {
  const requests = documentsOf(files).map((file) => readRequest(file, 'document', options));
  if (files.cdr) requests.push(readRequest(files.cdr, 'cdr', options));
  return requests;
}

function documentsOf(files: ReceiptFiles): BatchFile[] {
  return [files.xml, files.pdf].filter((file): file is BatchFile => file !== null);
}

function loadedFrom(files: ReceiptFiles, reads: readonly FileReadResult[], options: LoadReceiptOptions): LoadedReceipt {
  const documents = documentsOf(files);
  const slot: ReadSlot = { pdf: null, xml: null, cdr: null, findings: [] };
  documents.forEach((file, index) => takeDocument(file, reads[index]!, path.join(options.workDir, file.storedPath), slot));
  if (files.cdr) takeCdr(files.cdr, reads[documents.length]!, slot);
  const document = slot.pdf || slot.xml ? mergeReceipt({ xml: slot.xml?.parsed ?? null, pdf: slot.pdf?.parsed ?? null, cdr: slot.cdr }) : null;
  return { document, findings: slot.findings, pdf: slot.pdf?.loaded ?? null, xml: slot.xml?.loaded ?? null };
}

function readRequest(file: BatchFile, role: 'document' | 'cdr', options: LoadReceiptOptions): FileReadRequest {
  const { archiveEntry } = file;
  if (archiveEntry && options.archive === null) throw new Error(`${file.storedPath} has an archiveEntry, but the chunk job has no archive`);
  return {
    filePath: path.join(options.workDir, file.storedPath),
    archive: archiveEntry && options.archive !== null ? { file: options.archive, entry: archiveEntry } : undefined,
    fileName: file.originalName,
    role,
    maxBytes: options.maxFileBytes,
    maxXmlBytes: options.maxXmlBytes,
  };
}

/** Returns the finding of a file that yields nothing (damaged, too large, stopped by a limit, failed parse), or null. */
function unreadFinding(file: BatchFile, read: FileReadResult): Finding | null {
  if (read.status === 'damaged') return damagedEntry(file.originalName, read.damage);
  if (read.status === 'too-large') return finding('FILE_EMPTY_OR_TOO_LARGE', { file: file.originalName, size: read.size, max: read.max });
  if (read.status === 'stopped' && read.kind === 'xml') return finding('XML_MALFORMED', { file: file.originalName, reason: read.reason });
  if (read.status === 'stopped') return finding('PDF_UNREADABLE', { file: file.originalName, reason: read.reason });
  if (read.kind === 'pdf' && !read.parsed.ok) return finding(read.parsed.code, { file: file.originalName, reason: read.parsed.reason });
  if (read.kind === 'xml' && !read.parsed.ok) return finding(read.parsed.code, read.parsed.details);
  return null;
}

function takeDocument(file: BatchFile, read: FileReadResult, absolutePath: string, slot: ReadSlot): void {
  if (read.status === 'too-large' || read.status === 'damaged') {
    slot.findings.push(unreadFinding(file, read)!);
    return;
  }
  if (read.kind === 'other' || (read.kind === 'pdf' && slot.pdf) || (read.kind === 'xml' && slot.xml)) {
    slot.findings.push(unsupported(file, read));
    return;
  }
  const unread = unreadFinding(file, read);
  if (unread || read.status !== 'read') {
    if (unread) slot.findings.push(unread);
    return;
  }
  const loaded: LoadedFile = { file, absolutePath, sha256: read.sha256 };
  if (read.kind === 'pdf' && read.parsed.ok) slot.pdf = { loaded, parsed: read.parsed.value };
  if (read.kind === 'xml' && read.parsed.ok) slot.xml = { loaded, parsed: read.parsed.value as XmlReceipt };
}

/** Two files of one kind (two XMLs, say) cannot both be this receipt's document. */
function unsupported(file: BatchFile, read: FileReadResult): Finding {
  const detected = read.status === 'read' && read.kind === 'other' ? read.description : `un segundo ${read.status === 'read' ? read.kind.toUpperCase() : 'archivo'} para el mismo comprobante`;
  return finding('FILE_TYPE_UNSUPPORTED', { file: file.originalName, detected });
}

function takeCdr(file: BatchFile, read: FileReadResult, slot: ReadSlot): void {
  const unread = unreadFinding(file, read);
  if (unread) slot.findings.push(unread);
  else if (read.status === 'read' && read.kind === 'xml' && read.parsed.ok) slot.cdr = read.parsed.value as CdrReceipt;
}
