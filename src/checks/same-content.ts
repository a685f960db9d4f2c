/**
 * Decides whether two content hashes ("pdfSha256:xmlSha256", a side empty when that file is
 * absent) are the same receipt sent again. The XML is the legal document, so equal XML bytes
 * decide; without an XML on both sides, equal PDF bytes do. A seller who first sent only the
 * PDF and now sends the same PDF with its XML is therefore resending, not replacing.
 */
export function isSameContent(stored: string, incoming: string): boolean {
  const [storedPdf = '', storedXml = ''] = stored.split(':');
  const [incomingPdf = '', incomingXml = ''] = incoming.split(':');
  if (storedXml && incomingXml) return storedXml === incomingXml;
  if (storedPdf && incomingPdf) return storedPdf === incomingPdf;
  return false;
}
