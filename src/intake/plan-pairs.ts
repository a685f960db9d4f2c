import { finding } from '../checks/finding.ts';
import type { BatchFile, BatchPlan, ReceiptItem, RowRejection } from './batch-plan.ts';
import { extensionOf, stemOf } from './entry-name.ts';
import { CdrIndex, fileKey, type RejectedFile } from './file-lookup.ts';
import { isCdrName, isDummyName, sunatStemOf } from './sunat-names.ts';

function isReceiptName(file: BatchFile): boolean {
  const extension = extensionOf(file.originalName);
  return extension === '.pdf' || extension === '.xml';
}

/**
 * Reads the order number from a file name when the batch has no manifest: `<order>.pdf` or
 * `<order>_<anything>.pdf`, made of letters, digits and dashes with at least one digit.
 * Returns null for a SUNAT name, and the receipt job then takes the XML's OrderReference.
 */
export function orderNumberFromName(name: string): string | null {
  if (sunatStemOf(name) !== null) return null;
  const [candidate = ''] = stemOf(name).split('_', 1);
  return /^[A-Za-z0-9-]{1,40}$/.test(candidate) && /\d/.test(candidate) ? candidate : null;
}

/**
 * Plans a batch without manifest. `x.pdf` and `x.xml` (same base name, any folder, any
 * case) make one receipt. When several files share a base name, the n-th PDF pairs with
 * the n-th XML in archive order. A file with another extension gets an item of its own in
 * the PDF slot, because the receipt job decides by the bytes: a PDF saved without extension
 * still passes, and a photo gets FILE_TYPE_UNSUPPORTED. A batch without any PDF or XML name
 * and without rejected files is MANIFEST_MISSING.
 */
export function planPairs(files: readonly BatchFile[], rejectedFiles: readonly RejectedFile[]): BatchPlan {
  const candidates = files.filter((file) => !isCdrName(file.originalName) && !isDummyName(file.originalName));
  const reportedRejections = rejectedFiles.filter((rejected) => !isDummyName(rejected.originalName));
  if (!candidates.some(isReceiptName) && reportedRejections.length === 0) return { ok: false, findings: [finding('MANIFEST_MISSING')] };

  const items = pairReceipts(candidates, new CdrIndex(files));
  const rowRejections: RowRejection[] = reportedRejections.map((rejected, index) => ({
    key: fileKey(index + 1),
    line: null,
    orderNumber: null,
    files: [rejected.originalName],
    findings: rejected.findings,
  }));
  return { ok: true, items, rowRejections };
}

function pairReceipts(candidates: readonly BatchFile[], cdrs: CdrIndex): ReceiptItem[] {
  const groups = new Map<string, { pdfs: BatchFile[]; xmls: BatchFile[] }>();
  for (const file of candidates) {
    // Files with other extensions are keyed by their whole name so they never pair.
    const key = isReceiptName(file) ? `stem:${stemOf(file.originalName).toLowerCase()}` : `file:${file.storedPath}`;
    const group = groups.get(key) ?? { pdfs: [], xmls: [] };
    groups.set(key, group);
    (extensionOf(file.originalName) === '.xml' ? group.xmls : group.pdfs).push(file);
  }

  const items: ReceiptItem[] = [];
  for (const { pdfs, xmls } of groups.values()) {
    for (let index = 0; index < Math.max(pdfs.length, xmls.length); index += 1) {
      items.push(pairItem(items.length + 1, pdfs[index] ?? null, xmls[index] ?? null, cdrs));
    }
  }
  return items;
}

function pairItem(sequence: number, pdf: BatchFile | null, xml: BatchFile | null, cdrs: CdrIndex): ReceiptItem {
  const name = (xml ?? pdf)!.originalName;
  return {
    key: `P${String(sequence).padStart(4, '0')}`,
    line: null,
    claims: { orderNumber: orderNumberFromName(name), docType: null, series: null, number: null, total: null, issueDate: null },
    pdf,
    xml,
    cdr: cdrs.forFileName(name),
    findings: [],
  };
}
