import { UnrecoverableError, type Job } from 'bullmq';
import type { Config } from '../src/config.ts';
import type { Db } from '../src/db/connect.ts';
import { finding, rejections, verdictOf, type Finding } from '../src/checks/finding.ts';
import type { CheckContext, ManifestClaims } from '../src/checks/check-context.ts';
import { runChecks } from '../src/checks/run-checks.ts';
import { hasOnlyImagePdf } from '../src/checks/check-pdf-policy.ts';
import { documentFromClaims } from '../src/receipts/document-from-claims.ts';
import { loadBatchCheckFacts, type BatchCheckFacts } from '../src/db/load-batch-check-facts.ts';
import type { OrderRecord } from '../src/db/fact-rows.ts';
import type { ReceiptIdentity } from '../src/db/receipt-identity.ts';
import { findOutcomes, outcomeKeyOf } from '../src/db/find-outcomes.ts';
import { insertOutcomes, type OutcomeRecord } from '../src/db/receipt-outcomes.ts';
import { attachReceipts } from '../src/attach/attach-receipts.ts';
import type { AttachInput } from '../src/attach/attach-receipt.ts';
import { contentHashOf } from '../src/attach/content-hash.ts';
import { ArchiveChangedError, assertArchiveUnchanged, type ClaimedArchive } from '../src/intake/archive-entry.ts';
import { storeReceiptFiles, type KnownSource, type StoredFiles } from '../src/attach/store-files.ts';
import type { ReceiptItem } from '../src/intake/batch-plan.ts';
import type { Logger } from '../src/logger.ts';
import type { ReceiptChunkJobData } from '../src/queue/batch-queue.ts';
import type { ReceiptFilePool } from '../src/receipts/receipt-file-pool.ts';
import { loadReceipts, type LoadedFile, type LoadedReceipt } from '../src/receipts/load-receipt.ts';
import type { ReceiptDocument } from '../src/receipts/receipt-document.ts';
import { batchWorkDir, dataFolders } from '../src/sources/folders.ts';
import { itemFiles } from './intake.ts';

export interface ReceiptDeps {
  readonly db: Db;
  readonly config: Config;
  readonly logger: Logger;
  readonly filePool: ReceiptFilePool;
  /** Today's date in Lima (YYYY-MM-DD); a function so a long-running worker crosses midnight. */
  readonly today: () => string;
}

export interface ReceiptChunkResult {
  /** Receipts of the chunk that got their outcome in this run. */
  readonly decided: number;
  /** Receipts that already had an outcome from an earlier run of the job. */
  readonly skipped: number;
}

/** A receipt read and ready for the checks that need the database. */
interface ToCheck {
  readonly kind: 'to-check';
  readonly item: ReceiptItem;
  readonly loaded: LoadedReceipt;
  readonly document: ReceiptDocument;
  /** Null when the document lacks a full identity; the checks then reject it. */
  readonly identity: ReceiptIdentity | null;
  readonly orderNumber: string;
  /** Findings so far: the manifest's and the files'. */
  readonly findings: readonly Finding[];
}

/** A receipt that passed every check, with what attaching it needs. */
interface Passed {
  readonly kind: 'passed';
  readonly item: ReceiptItem;
  readonly loaded: LoadedReceipt;
  readonly document: ReceiptDocument;
  readonly identity: ReceiptIdentity;
  readonly order: OrderRecord;
  readonly outcome: OutcomeRecord;
}

interface Decided {
  readonly kind: 'decided';
  readonly outcome: OutcomeRecord;
}

/** A receipt whose processing threw: infrastructure trouble, retried with the job. */
interface ItemFailure {
  readonly itemKey: string;
  readonly error: unknown;
}

function knownSource(file: LoadedFile | null): KnownSource | undefined {
  return file ? { path: file.absolutePath, sha256: file.sha256, size: file.file.size } : undefined;
}

function orderNumberOf(claims: ManifestClaims, document: ReceiptDocument | null): string | null {
  return claims.orderNumber ?? document?.orderReference ?? null;
}

function identityOf(document: ReceiptDocument): ReceiptIdentity | null {
  const number = document.number && /^\d{1,8}$/.test(document.number) ? Number(document.number) : null;
  if (!document.issuerRuc || !document.docType || !document.series || number === null) return null;
  return { issuerRuc: document.issuerRuc, docType: document.docType, series: document.series, number };
}

function outcomeOf(batchId: string, item: ReceiptItem, orderNumber: string | null, findings: Finding[]): OutcomeRecord {
  return { batchId, itemKey: item.key, line: item.line, orderNumber, files: itemFiles(item), verdict: verdictOf(findings), findings };
}

/** Fails the chunk without retries when the claimed ZIP changed: a retry reads the same changed file. */
async function checkArchive(archive: ClaimedArchive): Promise<void> {
  try {
    await assertArchiveUnchanged(archive);
  } catch (error) {
    if (error instanceof ArchiveChangedError) throw new UnrecoverableError(error.message);
    throw error;
  }
}

/** Runs `work` on every input at once; an input whose work throws goes to `failures` instead of the result. */
async function eachSettled<T, R>(inputs: readonly T[], keyOf: (input: T) => string, work: (input: T) => Promise<R>, failures: ItemFailure[]): Promise<R[]> {
  const settled = await Promise.allSettled(inputs.map(work));
  const values: R[] = [];
  settled.forEach((result, index) => {
    if (result.status === 'fulfilled') values.push(result.value);
    else failures.push({ itemKey: keyOf(inputs[index]!), error: result.reason });
  });
  return values;
}

/**
 * Decides what needs no database (unreadable files, no order number). An image-only PDF
 * accepted by policy takes its fields from the manifest, with the seller as issuer.
 */
function prepare(batchId: string, item: ReceiptItem, loaded: LoadedReceipt, policy: { acceptImageOnlyPdf: boolean; sellerRuc: string }): ToCheck | Decided {
  const findings = [...item.findings, ...loaded.findings];
  if (!loaded.document || rejections(loaded.findings).length > 0) {
    const reported = findings.length > 0 ? findings : [finding('FILE_NOT_FOUND', { file: itemFiles(item).join(', ') || '-' })];
    return { kind: 'decided', outcome: outcomeOf(batchId, item, orderNumberOf(item.claims, loaded.document), reported) };
  }
  const orderNumber = orderNumberOf(item.claims, loaded.document);
  if (!orderNumber) {
    const missing = finding('ROW_INVALID', { line: item.line ?? '-', field: 'numero_orden', problem: 'no figura en el manifiesto, el nombre del archivo ni el XML' });
    return { kind: 'decided', outcome: outcomeOf(batchId, item, null, [...findings, missing]) };
  }
  const document = policy.acceptImageOnlyPdf && hasOnlyImagePdf(loaded.document) ? documentFromClaims(loaded.document, item.claims, policy.sellerRuc) : loaded.document;
  return { kind: 'to-check', item, loaded, document, identity: identityOf(document), orderNumber, findings };
}

function attachInput(sellerId: string, entry: Passed, stored: StoredFiles): AttachInput {
  return { seller: { id: sellerId }, order: entry.order, identity: entry.identity, document: entry.document, stored, batchId: entry.outcome.batchId, outcome: entry.outcome };
}

/**
 * Checks a chunk of receipts and attaches those that pass: files read at once in the reader
 * threads, facts loaded and attachments and outcomes written in a few statements per chunk.
 * A receipt that throws (disk, database) is left without an outcome, while the others are
 * recorded. Then the job throws, so BullMQ retries it, and the retry skips every receipt
 * that has an outcome. Once the retries run out, finalize reports the rest as PROCESSING_FAILED.
 */
export function createReceiptChunkProcessor(deps: ReceiptDeps) {
  const { db, config } = deps;
  return async (job: Job<ReceiptChunkJobData>): Promise<ReceiptChunkResult> => {
    const { batchId, sellerId, items, archive } = job.data;
    const done = await findOutcomes(db, items.map((item) => ({ batchId, itemKey: item.key })));
    const todo = items.filter((item) => !done.has(outcomeKeyOf({ batchId, itemKey: item.key })));
    const failures: ItemFailure[] = [];

    const workDir = batchWorkDir(config.home, batchId);
    if (archive && todo.length > 0) await checkArchive(archive);
    // Chunk jobs queued by an older version have no archive, and their files are already extracted.
    const readOptions = { workDir, archive: archive ?? null, maxFileBytes: config.limits.receiptFileBytes, maxXmlBytes: config.limits.xmlBytes, filePool: deps.filePool };
    const loaded: Array<{ item: ReceiptItem; loaded: LoadedReceipt }> = [];
    (await loadReceipts(todo, readOptions)).forEach((read, index) => {
      if (read instanceof Error) failures.push({ itemKey: todo[index]!.key, error: read });
      else loaded.push({ item: todo[index]!, loaded: read });
    });
    const policy = { acceptImageOnlyPdf: config.policy.acceptImageOnlyPdf, sellerRuc: await policySellerRuc(sellerId, loaded) };
    const prepared = loaded.map((entry) => prepare(batchId, entry.item, entry.loaded, policy));

    const toCheck = prepared.filter((entry): entry is ToCheck => entry.kind === 'to-check');
    const facts = toCheck.length > 0 ? await loadBatchCheckFacts(db, sellerId, toCheck.map(({ orderNumber, identity }) => ({ orderNumber, identity }))) : null;
    const checked = prepared.map((entry) => (entry.kind === 'to-check' ? check(batchId, entry, facts!) : entry));

    const decided = checked.flatMap((entry) => (entry.kind === 'decided' ? [entry.outcome] : []));
    const passed = checked.filter((entry): entry is Passed => entry.kind === 'passed');
    const stored = await eachSettled(passed, (entry) => entry.item.key, async (entry) => attachInput(sellerId, entry, await storeFiles(sellerId, entry)), failures);
    await insertOutcomes(db, decided);
    if (stored.length > 0) await attachReceipts(db, stored);

    if (failures.length > 0) {
      for (const failure of failures) deps.logger.error({ err: failure.error, batchId, itemKey: failure.itemKey, jobId: job.id }, 'receipt failed; the job will be retried');
      throw new Error(`${failures.length} of ${todo.length} receipts of chunk ${job.data.chunkIndex} of batch ${batchId} failed; first: ${String(failures[0]!.error)}`);
    }
    return { decided: todo.length, skipped: done.size };
  };

  /** Reads the seller's RUC, only when an image-only PDF may be accepted on its manifest claims. */
  async function policySellerRuc(sellerId: string, loaded: ReadonlyArray<{ loaded: LoadedReceipt }>): Promise<string> {
    if (!config.policy.acceptImageOnlyPdf) return '';
    if (!loaded.some((entry) => entry.loaded.document && hasOnlyImagePdf(entry.loaded.document))) return '';
    const seller = await db('sellers').where({ id: sellerId }).first('ruc');
    return seller?.ruc ?? '';
  }

  function check(batchId: string, entry: ToCheck, facts: BatchCheckFacts): Passed | Decided {
    const { item, loaded, document, identity, orderNumber } = entry;
    const found = facts.factsFor(orderNumber, identity);
    if (!found.seller) throw new Error(`seller of batch ${batchId} is not in the database`);
    const context: CheckContext = {
      seller: found.seller,
      order: found.order,
      orderReceipts: found.orderReceipts,
      sameIdentity: found.sameIdentity,
      claims: item.claims,
      fileNames: { pdf: item.pdf?.originalName ?? null, xml: item.xml?.originalName ?? null },
      contentHash: contentHashOf(loaded.pdf?.sha256 ?? null, loaded.xml?.sha256 ?? null),
      today: deps.today(),
      policy: config.policy,
    };
    const findings = [...entry.findings, ...runChecks(document, context)];
    if (verdictOf(findings) === 'accepted' && !identity) {
      findings.push(finding('ROW_INVALID', { line: item.line ?? '-', field: 'serie y correlativo', problem: 'no se pudieron leer del comprobante' }));
    }
    const outcome = outcomeOf(batchId, item, orderNumber, findings);
    if (verdictOf(findings) !== 'accepted' || !identity || !found.order) return { kind: 'decided', outcome };
    return { kind: 'passed', item, loaded, document, identity, order: found.order, outcome };
  }

  function storeFiles(sellerId: string, entry: Passed): Promise<StoredFiles> {
    return storeReceiptFiles({
      storageRoot: dataFolders(config.home).storage,
      sellerId,
      orderNumber: entry.order.orderNumber,
      identity: entry.identity,
      files: { pdf: knownSource(entry.loaded.pdf), xml: knownSource(entry.loaded.xml) },
    });
  }
}
