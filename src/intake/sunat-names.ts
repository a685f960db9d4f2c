import { baseNameOf, stemOf } from './entry-name.ts';

/** `{issuer RUC}-{type}-{series}-{number}`, e.g. `20100070970-03-B001-848`. */
const sunatStemPattern = /^\d{11}-\d{2}-[A-Z0-9]{4}-\d{1,8}$/i;

/** Returns the upper-case SUNAT base name of a file name (folders and extension dropped), or null. */
export function sunatStemOf(name: string): string | null {
  const stem = stemOf(name);
  return sunatStemPattern.test(stem) ? stem.toUpperCase() : null;
}

/** True for a SUNAT response file name: `R-` followed by anything (`R-{base}.zip`, `R-{base}.xml`). */
export function isCdrName(name: string): boolean {
  return /^r-/i.test(baseNameOf(name));
}

/**
 * Returns the receipt a SUNAT name states as `RUC-TYPE-SERIES-NUMBER`, upper case with the
 * number as an integer (`20100070970-03-B001-00000848.xml` → `20100070970-03-B001-848`), or
 * null. Issuers pad the correlativo differently in the receipt's and the CDR's names.
 */
export function sunatKeyOf(name: string): string | null {
  const stem = sunatStemOf(name);
  if (stem === null) return null;
  const numberStart = stem.lastIndexOf('-') + 1;
  return `${stem.slice(0, numberStart)}${Number(stem.slice(numberStart))}`;
}

/** Returns the key (see `sunatKeyOf`) of the receipt a CDR file is about (`R-20100070970-03-B001-848.xml` → `20100070970-03-B001-848`), or null. */
export function cdrSubjectOf(name: string): string | null {
  if (!isCdrName(name)) return null;
  return sunatKeyOf(baseNameOf(name).slice(2));
}

/** SUNAT's CDR zips carry an empty entry called `dummy`; it is never a receipt. */
export function isDummyName(name: string): boolean {
  return baseNameOf(name).toLowerCase() === 'dummy';
}
