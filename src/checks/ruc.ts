/**
 * RUC (Registro Único de Contribuyentes) validation: 11 digits, a known prefix and a
 * modulo-11 check digit.
 */

/** Valid first two digits: 10 (natural person), 15, 16, 17 (other taxpayer kinds) and 20 (legal entity). */
export const rucPrefixes: readonly string[] = ['10', '15', '16', '17', '20'];

const checkDigitWeights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

export type RucValidation = { readonly valid: true } | { readonly valid: false; readonly reason: string };

/**
 * Computes the check digit of the first ten digits: weights 5 4 3 2 7 6 5 4 3 2, then
 * 11 - (sum mod 11), where 10 becomes 0 and 11 becomes 1.
 */
export function rucCheckDigit(firstTen: string): number {
  let sum = 0;
  checkDigitWeights.forEach((weight, index) => {
    sum += weight * Number(firstTen[index]);
  });
  const digit = 11 - (sum % 11);
  if (digit === 10) return 0;
  if (digit === 11) return 1;
  return digit;
}

/** Validates a RUC as written. The reason is in Spanish, for the seller's report. */
export function validateRuc(value: string | null): RucValidation {
  const ruc = value?.trim() ?? '';
  if (ruc === '') return { valid: false, reason: 'no figura en el comprobante' };
  if (!/^\d{11}$/.test(ruc)) return { valid: false, reason: 'debe tener 11 dígitos' };

  const prefix = ruc.slice(0, 2);
  if (!rucPrefixes.includes(prefix)) {
    return { valid: false, reason: `el prefijo ${prefix} no existe; debe ser 10, 15, 16, 17 o 20` };
  }
  if (rucCheckDigit(ruc) !== Number(ruc[10])) {
    return { valid: false, reason: 'el dígito verificador no corresponde' };
  }
  return { valid: true };
}

export function isValidRuc(value: string | null): boolean {
  return validateRuc(value).valid;
}
