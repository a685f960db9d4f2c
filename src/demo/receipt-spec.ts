/**
 * The content of a generated receipt. One spec feeds both the UBL XML and the printed PDF,
 * so they agree unless an override injects a mistake on one side.
 */

export type SpecDocType = '01' | '03' | '07' | '08';

export interface ReceiptLineSpec {
  readonly description: string;
  /** Whole units. */
  readonly quantity: number;
  /** Unit price including IGV, as a decimal string with at most two decimals ("59.90"). */
  readonly unitPrice: string;
}

export interface BuyerSpec {
  /** Catalogue 06 scheme: '1' DNI, '4' carnet, '6' RUC, '7' pasaporte, '0' or '-' none. */
  readonly schemeId: string;
  readonly id: string;
  readonly name: string;
}

/** The receipt a note corrects. */
export interface ModifiedReceiptSpec {
  readonly docType: '01' | '03';
  readonly series: string;
  readonly number: number;
}

/** Values printed on the PDF that differ from the spec, and how the PDF is built. */
export interface PdfSpecOptions {
  readonly total?: string;
  readonly issuerRuc?: string;
  readonly series?: string;
  readonly number?: number;
  readonly issueDate?: string;
  readonly hash?: string;
  /** Title printed instead of the one for the spec's type, e.g. a factura title on a boleta. */
  readonly title?: string;
  /** Footer title ("Representación impresa de la ..."); defaults to the printed title. */
  readonly footerTitle?: string;
  /** Digits the printed correlativo is padded to ("F001-00000123" for 8); default: no padding. */
  readonly numberPadding?: number;
  readonly dateFormat?: 'DD/MM/YYYY' | 'DD-MM-YYYY' | 'YYYY-MM-DD';
  /** When true, the QR content is not printed as a text line. */
  readonly omitQrText?: boolean;
  /** When true, only shapes are drawn: a PDF with no text layer, like a scan. */
  readonly imageOnly?: boolean;
  /** User (open) password that protects the PDF. */
  readonly userPassword?: string;
}

/** Values written in the XML that differ from the spec. */
export interface XmlSpecOptions {
  readonly total?: string;
  readonly issuerRuc?: string;
  readonly digestValue?: string;
  /** When true, ds:DigestValue is left empty, as in unsigned samples. */
  readonly unsigned?: boolean;
}

export interface ReceiptSpec {
  /** 11 digits. */
  readonly issuerRuc: string;
  readonly issuerName: string;
  readonly issuerAddress?: string;
  readonly docType: SpecDocType;
  readonly series: string;
  /** Correlativo, 1 to 99999999. */
  readonly number: number;
  /** YYYY-MM-DD */
  readonly issueDate: string;
  readonly currency: 'PEN' | 'USD';
  readonly buyer: BuyerSpec;
  readonly lines: readonly ReceiptLineSpec[];
  /** Marketplace order number, written as cac:OrderReference and printed on the PDF. */
  readonly orderNumber?: string;
  /** Notes (07, 08): the receipt they modify. */
  readonly modifies?: ModifiedReceiptSpec;
  /** Notes: the reason text (sustento). */
  readonly noteReason?: string;
  readonly pdf?: PdfSpecOptions;
  readonly xml?: XmlSpecOptions;
}

/** A fictitious seller whose RUC passes the check digit. */
export const sampleIssuer = { ruc: '20601234565', name: 'COMERCIAL ANDINA DEL SUR S.A.C.', address: 'AV. LOS PRÓCERES 1450, SURCO - LIMA' } as const;

const defaultSeries: Readonly<Record<SpecDocType, string>> = { '01': 'F001', '03': 'B001', '07': 'FC01', '08': 'FD01' };

const rucBuyer: BuyerSpec = { schemeId: '6', id: '20512345671', name: 'DISTRIBUIDORA LOS ANDES E.I.R.L.' };
const dniBuyer: BuyerSpec = { schemeId: '1', id: '45871236', name: 'ROSA QUISPE MAMANI' };

/**
 * Builds a complete, deterministic spec; overrides replace whole fields. Series and buyer follow
 * the type unless given: a factura (and a note on one) goes to a RUC, a boleta to a DNI.
 */
export function sampleReceiptSpec(overrides: Partial<ReceiptSpec> = {}): ReceiptSpec {
  const docType = overrides.docType ?? '03';
  const modifies = overrides.modifies ?? defaultModified(docType);
  const onBoleta = docType === '03' || modifies?.docType === '03';
  const series = overrides.series ?? (onBoleta && docType !== '03' ? `B${defaultSeries[docType].slice(1)}` : defaultSeries[docType]);

  const spec: ReceiptSpec = {
    issuerRuc: sampleIssuer.ruc,
    issuerName: sampleIssuer.name,
    issuerAddress: sampleIssuer.address,
    docType,
    series,
    number: 123,
    issueDate: '2024-03-15',
    currency: 'PEN',
    buyer: onBoleta ? dniBuyer : rucBuyer,
    lines: [
      { description: 'AUDÍFONOS INALÁMBRICOS BT-500', quantity: 1, unitPrice: '89.90' },
      { description: 'CABLE USB-C 1 M', quantity: 2, unitPrice: '15.00' },
    ],
    orderNumber: '2000123456',
    ...(modifies === undefined ? {} : { modifies, noteReason: 'DEVOLUCIÓN TOTAL' }),
    ...overrides,
  };
  return spec;
}

function defaultModified(docType: SpecDocType): ModifiedReceiptSpec | undefined {
  if (docType !== '07' && docType !== '08') return undefined;
  return { docType: '01', series: 'F001', number: 120 };
}
