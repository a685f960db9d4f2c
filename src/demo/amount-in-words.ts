/**
 * The amount in words that Peruvian receipts print ("SON: CIENTO DIECIOCHO CON 00/100
 * SOLES"), upper case, for amounts below one billion.
 */

const units = ['', 'UNO', 'DOS', 'TRES', 'CUATRO', 'CINCO', 'SEIS', 'SIETE', 'OCHO', 'NUEVE'];
const teens = ['DIEZ', 'ONCE', 'DOCE', 'TRECE', 'CATORCE', 'QUINCE', 'DIECISÉIS', 'DIECISIETE', 'DIECIOCHO', 'DIECINUEVE'];
const twenties = ['VEINTE', 'VEINTIUNO', 'VEINTIDÓS', 'VEINTITRÉS', 'VEINTICUATRO', 'VEINTICINCO', 'VEINTISÉIS', 'VEINTISIETE', 'VEINTIOCHO', 'VEINTINUEVE'];
const tens = ['', '', '', 'TREINTA', 'CUARENTA', 'CINCUENTA', 'SESENTA', 'SETENTA', 'OCHENTA', 'NOVENTA'];
const hundreds = ['', 'CIENTO', 'DOSCIENTOS', 'TRESCIENTOS', 'CUATROCIENTOS', 'QUINIENTOS', 'SEISCIENTOS', 'SETECIENTOS', 'OCHOCIENTOS', 'NOVECIENTOS'];

const currencyWords: Readonly<Record<string, string>> = { PEN: 'SOLES', USD: 'DÓLARES AMERICANOS' };

/** 11800 cents in PEN → "CIENTO DIECIOCHO CON 00/100 SOLES". */
export function amountInWords(cents: number, currency: string): string {
  if (!Number.isInteger(cents) || cents < 0 || cents >= 100_000_000_000) {
    throw new RangeError(`amountInWords: cents must be an integer from 0 to 99999999999, got ${cents}`);
  }
  const whole = Math.floor(cents / 100);
  const fraction = String(cents % 100).padStart(2, '0');
  return `${integerInWords(whole)} CON ${fraction}/100 ${currencyWords[currency] ?? currency}`;
}

export function integerInWords(value: number): string {
  if (value === 0) return 'CERO';
  const millions = Math.floor(value / 1_000_000);
  const thousands = Math.floor((value % 1_000_000) / 1000);
  const rest = value % 1000;

  const parts: string[] = [];
  if (millions === 1) parts.push('UN MILLÓN');
  else if (millions > 1) parts.push(`${apocopate(belowThousand(millions))} MILLONES`);
  if (thousands === 1) parts.push('MIL');
  else if (thousands > 1) parts.push(`${apocopate(belowThousand(thousands))} MIL`);
  if (rest > 0) parts.push(belowThousand(rest));
  return parts.join(' ');
}

function belowThousand(value: number): string {
  if (value === 100) return 'CIEN';
  const hundred = hundreds[Math.floor(value / 100)] as string;
  const rest = belowHundred(value % 100);
  return [hundred, rest].filter((part) => part !== '').join(' ');
}

function belowHundred(value: number): string {
  if (value < 10) return units[value] as string;
  if (value < 20) return teens[value - 10] as string;
  if (value < 30) return twenties[value - 20] as string;
  const unit = value % 10;
  const ten = tens[Math.floor(value / 10)] as string;
  return unit === 0 ? ten : `${ten} Y ${units[unit]}`;
}

/** Before "MIL" and "MILLONES", "UNO" becomes "UN" and "VEINTIUNO" becomes "VEINTIÚN". */
function apocopate(words: string): string {
  return words.replace(/VEINTIUNO$/, 'VEINTIÚN').replace(/UNO$/, 'UN');
}
