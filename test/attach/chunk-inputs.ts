import { createHash } from 'node:crypto';
import type { AttachInput } from '../../src/attach/attach-receipt.ts';
import { contentHashOf } from '../../src/attach/content-hash.ts';
import { finding } from '../../src/checks/finding.ts';
import type { ReceiptIdentity } from '../../src/db/receipt-identity.ts';
import { validRucs } from '../db/seed.ts';

export interface InputSpec {
  readonly order: { readonly id: number; readonly orderNumber: string };
  readonly sellerId?: string;
  readonly docType?: string;
  readonly series?: string;
  readonly number: number;
  /** Seed of the PDF bytes: equal seeds give equal content hashes. */
  readonly bytes?: string;
  readonly batchId?: string;
  readonly itemKey: string;
}

/** Builds a checked receipt ready to attach, stored as a PDF only. The files need not exist. */
export function attachInput(spec: InputSpec): AttachInput {
  const sellerId = spec.sellerId ?? 's1';
  const identity: ReceiptIdentity = {
    issuerRuc: sellerId === 's1' ? validRucs[0] : validRucs[1],
    docType: spec.docType ?? '03',
    series: spec.series ?? 'B001',
    number: spec.number,
  };
  const sha256 = createHash('sha256').update(spec.bytes ?? `receipt ${spec.number}`).digest('hex');
  const batchId = spec.batchId ?? 'b1';
  const baseName = `${identity.issuerRuc}-${identity.docType}-${identity.series}-${identity.number}`;
  return {
    seller: { id: sellerId },
    order: spec.order,
    identity,
    document: { number: String(spec.number).padStart(8, '0'), total: '118.00', currency: 'PEN', issueDate: '2026-12-01' },
    stored: { pdf: { relativePath: `${sellerId}/${spec.order.orderNumber}/${baseName}.pdf`, sha256, size: 40_000 }, xml: null, contentHash: contentHashOf(sha256, null) },
    batchId,
    outcome: {
      batchId,
      itemKey: spec.itemKey,
      line: Number(spec.itemKey.slice(1)),
      orderNumber: spec.order.orderNumber,
      files: [`${baseName}.pdf`],
      verdict: 'accepted',
      findings: [finding('IGV_INCONSISTENT', { igv: '18.00', base: '100.00' })],
    },
  };
}

/** Returns the item key of manifest line `line`, as the intake names items (L0002). */
export function itemKeyOf(line: number): string {
  return `L${String(line).padStart(4, '0')}`;
}
