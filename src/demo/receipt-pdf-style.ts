import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { drawPseudoQr, pseudoQrPng } from './pseudo-qr.ts';
import { buildLogoPng, logoSize } from './receipt-logo.ts';

/**
 * Rendering style of a receipt PDF, apart from what it prints. The plain style is small and
 * quick to build (about 3.6 KB). The realistic style is built like the PDFs that issuers'
 * software writes: embedded and subset TrueType fonts, a raster logo with an alpha channel
 * and the QR as a raster image, about 42 KB for a one-page receipt. Its embedded fonts make
 * text extraction slower than for the plain style. The images add bytes but little parse
 * time, because extracting text does not decode them.
 */
export type ReceiptPdfStyleName = 'plain' | 'realistic';

export interface ReceiptPdfOptions {
  /** Default 'plain'. */
  readonly style?: ReceiptPdfStyleName;
  /** Folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf, for the realistic style. */
  readonly fontDir?: string;
}

/** The parts of a style that the drawing code uses. */
export interface ReceiptPdfStyle {
  readonly regularFont: string;
  readonly boldFont: string;
  /** Left edge and width of the issuer's column in the header (the logo, if any, sits left of it). */
  readonly issuerColumn: { readonly x: number; readonly width: number };
  /**
   * Font sizes of the issuer's name and of the lines in the RUC box, in points. Each line must
   * fit its column on one line, or the text layer changes. DejaVu Sans is about 10 % wider
   * than Helvetica (widths measured with pdfkit 0.20).
   */
  readonly headerSizes: { readonly issuerName: number; readonly box: number };
  /** Width of the buyer block's labels and left edge of its values, in points ("Documento que modifica:" must fit). */
  readonly buyerColumns: { readonly labelWidth: number; readonly valueX: number };
  /** Registers the fonts on the document and draws the logo on the first page. */
  setUp(doc: PDFKit.PDFDocument, logoSeed: string): void;
  drawQr(doc: PDFKit.PDFDocument, content: string, x: number, y: number, size: number): void;
}

/** Folder where Debian and Ubuntu install DejaVu (package fonts-dejavu-core). */
export const defaultFontDir = '/usr/share/fonts/truetype/dejavu';

const fontFileNames = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

const plainStyle: ReceiptPdfStyle = {
  regularFont: 'Helvetica',
  boldFont: 'Helvetica-Bold',
  issuerColumn: { x: 40, width: 300 },
  headerSizes: { issuerName: 12, box: 11 },
  buyerColumns: { labelWidth: 120, valueX: 165 },
  setUp: () => {},
  drawQr: drawPseudoQr,
};

/** The logo box on the page, in points. The PNG is scaled into it. */
const logoBox = { x: 40, y: 46, width: 80, height: 80 * (logoSize.height / logoSize.width) } as const;
/** The RUC box starts at x = 355; the issuer's column ends 8 points before it. */
const issuerColumnX = logoBox.x + logoBox.width + 8;

/** Returns the style the options name. The realistic style reads its font files once per folder and warns once when they are missing. */
export function resolveReceiptPdfStyle(options: ReceiptPdfOptions = {}): ReceiptPdfStyle {
  if ((options.style ?? 'plain') === 'plain') return plainStyle;
  const fonts = loadFonts(options.fontDir ?? defaultFontDir);
  return {
    regularFont: fonts === null ? 'Helvetica' : 'ReceiptSans',
    boldFont: fonts === null ? 'Helvetica-Bold' : 'ReceiptSans-Bold',
    issuerColumn: { x: issuerColumnX, width: 355 - 8 - issuerColumnX },
    headerSizes: { issuerName: 10, box: 10 },
    buyerColumns: { labelWidth: 135, valueX: 180 },
    setUp: (doc, logoSeed) => {
      if (fonts !== null) {
        doc.registerFont('ReceiptSans', fonts.regular);
        doc.registerFont('ReceiptSans-Bold', fonts.bold);
      }
      doc.image(cachedLogo(logoSeed), logoBox.x, logoBox.y, { width: logoBox.width, height: logoBox.height });
    },
    drawQr: (doc, content, x, y, size) => {
      doc.image(pseudoQrPng(content, 10), x, y, { width: size, height: size });
    },
  };
}

/**
 * Returns a one-line note when the realistic style cannot embed DejaVu Sans from `fontDir`
 * and falls back to the standard PDF fonts, else null.
 */
export function realisticFontsNote(fontDir: string = defaultFontDir): string | null {
  const missing = Object.values(fontFileNames).filter((name) => !existsSync(path.join(fontDir, name)));
  if (missing.length === 0) return null;
  return `${missing.join(' and ')} not found in ${fontDir}: realistic receipt PDFs fall back to the standard PDF fonts, so they are smaller and parse faster than PDFs with embedded fonts (install the fonts-dejavu-core package)`;
}

interface FontFiles {
  readonly regular: Buffer;
  readonly bold: Buffer;
}

// Font files and logos are read or built once per process, because a bench batch builds
// thousands of PDFs. There is one logo per issuer RUC, so the logo cache stays small.
const fontCache = new Map<string, FontFiles | null>();
const logoCache = new Map<string, Buffer>();

function loadFonts(fontDir: string): FontFiles | null {
  if (!fontCache.has(fontDir)) {
    const note = realisticFontsNote(fontDir);
    if (note !== null) process.emitWarning(note, { type: 'DemoFontsWarning' });
    const files = note === null ? { regular: readFileSync(path.join(fontDir, fontFileNames.regular)), bold: readFileSync(path.join(fontDir, fontFileNames.bold)) } : null;
    fontCache.set(fontDir, files);
  }
  return fontCache.get(fontDir) ?? null;
}

function cachedLogo(seed: string): Buffer {
  let logo = logoCache.get(seed);
  if (logo === undefined) {
    logo = buildLogoPng(seed);
    logoCache.set(seed, logo);
  }
  return logo;
}
