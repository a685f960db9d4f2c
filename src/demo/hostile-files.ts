import { deflateSync } from 'node:zlib';

/**
 * Hostile documents for end-to-end runs: files a worker must survive without stopping the
 * batch. They are built here instead of stored, so no fixture binary lives in the repo.
 */

/**
 * Builds a one-page PDF whose compressed content stream repeats a path operator
 * `operatorCount` times. pdf.js lexes every operator while extracting text: with pdf-parse
 * 2.4.5 on a 2-core machine one million took 5 to 9 s depending on load, and three million
 * 15 to 24 s. It contains no text, so a parse that does finish finds an image-only PDF.
 */
export function slowPdf(operatorCount: number): Buffer {
  return singlePagePdf(Buffer.from('0 0 m 1 1 l S\n'.repeat(operatorCount)));
}

/**
 * Builds a one-page PDF around an uncompressed content stream, which it deflates. The page
 * has Helvetica as font /F1, so the content may use text operators.
 */
export function singlePagePdf(content: Buffer): Buffer {
  const stream = deflateSync(content, { level: 9 });
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>'),
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

  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  const trailer = `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  parts.push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}${trailer}`));
  return Buffer.concat(parts);
}

/**
 * Inserts, after the XML declaration, a DOCTYPE that declares an external entity (XXE), and
 * puts a reference to it in the first cbc:Note. A reader that expanded entities would copy a
 * local file into the receipt; this worker rejects any DOCTYPE.
 */
export function withExternalEntity(xml: string): string {
  const doctype = '<!DOCTYPE Invoice [<!ENTITY origen SYSTEM "file:///etc/hostname">]>';
  const withReference = xml.replace(/(<cbc:Note[^>]*>)/, '$1&origen; ');
  const declarationEnd = withReference.startsWith('<?xml') ? withReference.indexOf('?>') + 2 : 0;
  return `${withReference.slice(0, declarationEnd)}\n${doctype}${withReference.slice(declarationEnd)}`;
}
