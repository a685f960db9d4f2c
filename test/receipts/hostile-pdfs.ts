import { singlePagePdf } from '../../src/demo/hostile-files.ts';

/**
 * Small PDFs that are expensive for pdf.js: one page whose compressed content stream
 * repeats an operator millions of times. About 50 KB on disk, tens of MB once inflated.
 */

/** Path operators: pdf.js lexes every one while extracting text, using CPU (seconds per million operators) but little memory. */
export function cpuHungryPdf(operatorCount: number): Buffer {
  return singlePagePdf(Buffer.from('0 0 m 1 1 l S\n'.repeat(operatorCount)));
}

/** Text operators: each becomes a text item that pdf.js keeps until the page is done, so the heap grows. */
export function heapHungryPdf(operatorCount: number): Buffer {
  return singlePagePdf(Buffer.from(`BT /F1 1 Tf\n${'1 0 0 1 1 1 Tm (ab) Tj\n'.repeat(operatorCount)}ET\n`));
}
