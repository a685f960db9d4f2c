import type { Job } from 'bullmq';
import type { Config } from '../src/config.ts';
import type { Db } from '../src/db/connect.ts';
import { finding, rejections, verdictOf, type Finding, type Verdict } from '../src/checks/finding.ts';
import type { CheckContext, ManifestClaims } from '../src/checks/check-context.ts';
import { runChecks } from '../src/checks/run-checks.ts';
import { hasOnlyImagePdf } from '../src/checks/check-pdf-policy.ts';
import { documentFromClaims } from '../src/receipts/document-from-claims.ts';
import { loadCheckFacts } from '../src/db/load-check-facts.ts';
import { findOutcome, insertOutcome, type OutcomeRecord } from '../src/db/receipt-outcomes.ts';
import { attachReceipt } from '../src/attach/attach-receipt.ts';
import { storeReceiptFiles, type KnownSource } from '../src/attach/store-files.ts';
import type { Logger } from '../src/logger.ts';
import type { ReceiptJobData } from '../src/queue/batch-queue.ts';
import type { PdfTextPool } from '../src/receipts/pdf-text-pool.ts';
import { loadReceipt, type LoadedFile, type LoadedReceipt } from '../src/receipts/load-receipt.ts';
import type { ReceiptDocument } from '../src/receipts/receipt-document.ts';
import { batchWorkDir, dataFolders } from '../src/sources/folders.ts';
import { itemFiles } from './intake.ts';

export interface ReceiptDeps {
  readonly db: Db;
  readonly config: Config;
  readonly logger: Logger;
  readonly pdfPool: PdfTextPool;
  /** Today's date in Lima (YYYY-MM-DD); a function so a long-running worker crosses midnight. */
  readonly today: () => string;
}

export interface ReceiptJobResult {
  readonly verdict: Verdict;
  readonly codes: readonly string[];
}

function contentHashOf(loaded: LoadedReceipt): string {
  return `${loaded.pdf?.sha256 ?? ''}:${loaded.xml?.sha256 ?? ''}`;
}

function knownSource(file: LoadedFile | null): KnownSource | undefined {
  return file ? { path: file.absolutePath, sha256: file.sha256, size: file.file.size } : undefined;
}

function orderNumberOf(claims: ManifestClaims, document: ReceiptDocument | null): string | null {
  return claims.orderNumber ?? document?.orderReference ?? null;
}

function identityOf(document: ReceiptDocument) {
  const number = document.number && /^\d{1,8}$/.test(document.number) ? Number(document.number) : null;
  if (!document.issuerRuc || !document.docType || !document.series || number === null) return null;
  return { issuerRuc: document.issuerRuc, docType: document.docType, series: document.series, number };
}

// TODO: one job per receipt costs about 5 ms of main-thread CPU besides parsing, which
// misses the throughput goals in docs/benchmarks.md. Chunked jobs with bulk lookups and
// writes would remove most of it.
/**
 * Checks one receipt and attaches it when it passes. Business rejections are returned, not
 * thrown, so the batch always completes; a throw means infrastructure trouble and BullMQ
 * retries. An outcome row already present means an earlier run finished: nothing is redone.
 */
export function createReceiptProcessor(deps: ReceiptDeps) {
  const { db, config } = deps;
  return async (job: Job<ReceiptJobData>): Promise<ReceiptJobResult> => {
    const { batchId, sellerId, item } = job.data;
    const existing = await findOutcome(db, batchId, item.key);
    if (existing) return { verdict: existing.verdict as Verdict, codes: existing.findings.map((f) => f.code) };

    const workDir = batchWorkDir(config.home, batchId);
    const loaded = await loadReceipt(item, { workDir, maxFileBytes: config.limits.receiptFileBytes, maxXmlBytes: config.limits.xmlBytes, pdfPool: deps.pdfPool });
    const orderNumber = orderNumberOf(item.claims, loaded.document);
    const outcome = (findings: Finding[]): OutcomeRecord => ({
      batchId,
      itemKey: item.key,
      line: item.line,
      orderNumber,
      files: itemFiles(item),
      verdict: verdictOf(findings),
      findings,
    });

    const findings = [...item.findings, ...loaded.findings];
    if (!loaded.document || rejections(loaded.findings).length > 0) {
      return finish(outcome(findings.length ? findings : [finding('FILE_NOT_FOUND', { file: itemFiles(item).join(', ') || '-' })]));
    }
    if (!orderNumber) {
      return finish(outcome([...findings, finding('ROW_INVALID', { line: item.line ?? '-', field: 'numero_orden', problem: 'no figura en el manifiesto, el nombre del archivo ni el XML' })]));
    }

    const document = await withPolicyFields(loaded.document, item.claims, sellerId);
    const identity = identityOf(document);
    const facts = await loadCheckFacts(db, { sellerId, orderNumber, identity });
    if (!facts.seller) throw new Error(`seller ${sellerId} of batch ${batchId} is not in the database`);
    const context: CheckContext = {
      seller: facts.seller,
      order: facts.order,
      orderReceipts: facts.orderReceipts,
      sameIdentity: facts.sameIdentity,
      claims: item.claims,
      fileNames: { pdf: item.pdf?.originalName ?? null, xml: item.xml?.originalName ?? null },
      contentHash: contentHashOf(loaded),
      today: deps.today(),
      policy: config.policy,
    };
    const checked = [...findings, ...runChecks(document, context)];
    if (verdictOf(checked) === 'accepted' && !identity) {
      checked.push(finding('ROW_INVALID', { line: item.line ?? '-', field: 'serie y correlativo', problem: 'no se pudieron leer del comprobante' }));
    }
    if (verdictOf(checked) !== 'accepted' || !identity || !facts.order) return finish(outcome(checked));

    const stored = await storeReceiptFiles({
      storageRoot: dataFolders(config.home).storage,
      sellerId,
      orderNumber,
      identity,
      files: { pdf: knownSource(loaded.pdf), xml: knownSource(loaded.xml) },
    });
    // attachReceipt writes the outcome row in its own transaction, whatever the result.
    const attached = await attachReceipt(db, { seller: facts.seller, order: facts.order, identity, document, stored, batchId, outcome: outcome(checked) });
    return { verdict: attached.outcome.verdict as Verdict, codes: attached.outcome.findings.map((f) => f.code) };
  };

  async function withPolicyFields(document: ReceiptDocument, claims: ManifestClaims, sellerId: string): Promise<ReceiptDocument> {
    if (!config.policy.acceptImageOnlyPdf || !hasOnlyImagePdf(document)) return document;
    const seller = await db('sellers').where({ id: sellerId }).first('ruc');
    return documentFromClaims(document, claims, seller?.ruc ?? '');
  }

  async function finish(record: OutcomeRecord): Promise<ReceiptJobResult> {
    await insertOutcome(db, record);
    return { verdict: record.verdict as Verdict, codes: record.findings.map((f) => f.code) };
  }
}
