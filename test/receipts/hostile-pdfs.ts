import { deflateSync } from 'node:zlib';

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

function singlePagePdf(content: Buffer): Buffer {
  const stream = deflateSync(content, { level: 9 });
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>'),
    Buffer.concat([Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from('\nendstream')]),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
  ];

  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, index) => {
    const chunk = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    offsets.push(length);
    parts.push(chunk);
    length += chunk.length;
  });

  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(length),
    '%%EOF',
    '',
  ].join('\n');
  parts.push(Buffer.from(xref));
  return Buffer.concat(parts);
}
