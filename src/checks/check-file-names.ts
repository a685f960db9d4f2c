import type { CheckContext } from './check-context.ts';
import { finding, type CheckResult, type Finding } from './finding.ts';
import { correlativoValue, normaliseId, parseSunatFileName, type SunatFileName } from './normalise-doc-id.ts';
import type { ReceiptDocument } from '../receipts/receipt-document.ts';

function mismatch(file: string, field: string, nameValue: string, contentValue: string): Finding {
  return finding('FILENAME_CONTENT_MISMATCH', { file, field, nameValue, contentValue });
}

function compareText(file: string, field: string, nameValue: string, content: string | null): Finding[] {
  const contentValue = normaliseId(content);
  if (contentValue === null || contentValue === normaliseId(nameValue)) return [];
  return [mismatch(file, field, nameValue, contentValue)];
}

/** Compares correlativos. The same integer with other padding ("1" named "00000001") is only a warning. */
function compareNumber(file: string, nameValue: string, content: string | null): Finding[] {
  const contentValue = content?.trim() ?? '';
  if (contentValue === '' || contentValue === nameValue) return [];
  if (correlativoValue(contentValue) === correlativoValue(nameValue)) {
    return [finding('FILENAME_PADDING_DIFFERS', { file, nameValue, contentValue })];
  }
  return [mismatch(file, 'correlativo', nameValue, contentValue)];
}

function compareName(file: string, name: SunatFileName, doc: ReceiptDocument): Finding[] {
  return [
    ...compareText(file, 'RUC', name.ruc, doc.issuerRuc),
    ...compareText(file, 'tipo', name.docType, doc.docType),
    ...compareText(file, 'serie', name.series, doc.series),
    ...compareNumber(file, name.number, doc.number),
  ];
}

/**
 * Rejects with FILENAME_CONTENT_MISMATCH when a SUNAT-style name (RUC-type-series-number)
 * disagrees with the content, and warns with FILENAME_PADDING_DIFFERS when only the
 * correlativo's zero padding differs.
 * Other names are allowed and checked for nothing. Fields the content lacks are skipped.
 */
export function checkFileNames(doc: ReceiptDocument, fileNames: CheckContext['fileNames']): CheckResult {
  const findings: Finding[] = [];
  for (const file of [fileNames.xml, fileNames.pdf]) {
    const name = parseSunatFileName(file);
    if (file !== null && name !== null) findings.push(...compareName(file, name, doc));
  }
  return findings;
}
