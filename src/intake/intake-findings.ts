import { finding, type Finding } from '../checks/finding.ts';
import type { Config } from '../config.ts';
import type { EntryDamage } from './archive-entry.ts';

export type Limits = Config['limits'];

/** Spanish names of the limits, for the `{limit}` placeholder of BATCH_LIMITS_EXCEEDED. */
const limitLabels: Readonly<Record<keyof Limits, string>> = {
  archiveBytes: 'tamaño del archivo (bytes)',
  archiveEntries: 'cantidad de archivos',
  uncompressedBytes: 'tamaño descomprimido (bytes)',
  compressionRatio: 'compresión',
  receiptFileBytes: 'tamaño de un comprobante (bytes)',
  xmlBytes: 'tamaño de un XML (bytes)',
  manifestBytes: 'tamaño del manifiesto (bytes)',
};

/**
 * BATCH_LIMITS_EXCEEDED for one limit. `subject` names the file for per-file limits, and
 * `option` keeps the configuration key for ops.
 */
export function limitExceeded(option: keyof Limits, value: number, max: number, subject?: string): Finding {
  const label = subject === undefined ? limitLabels[option] : `${limitLabels[option]} de "${subject}"`;
  return finding('BATCH_LIMITS_EXCEEDED', { limit: label, value, max, option });
}

/**
 * BATCH_LIMITS_EXCEEDED for a ZIP whose entries declare more compressed bytes than the whole
 * file holds, which only a damaged or forged central directory does. The maximum is the
 * archive's own size, so no configuration option raises it.
 */
export function compressedOverArchive(compressedTotal: number, archiveSize: number, zipName?: string): Finding {
  const index = zipName === undefined ? 'el índice del ZIP' : `el índice de "${zipName}"`;
  return finding('BATCH_LIMITS_EXCEEDED', { limit: `datos comprimidos declarados en ${index} (bytes)`, value: compressedTotal, max: archiveSize });
}

/** BATCH_UNREADABLE with a Spanish reason; `error` keeps the library's English message for ops. */
export function unreadable(reason: string, error?: unknown): Finding {
  const message = error instanceof Error ? error.message : null;
  return finding('BATCH_UNREADABLE', message === null ? { reason } : { reason, error: message });
}

/** ENTRY_UNREADABLE: one entry could not be extracted (encrypted, damaged); the rest of the batch goes on. */
export function entryUnreadable(reason: string, error?: unknown): Finding {
  const message = error instanceof Error ? error.message : null;
  return finding('ENTRY_UNREADABLE', message === null ? { reason } : { reason, error: message });
}

/**
 * ENTRY_UNREADABLE for an entry whose data is bad, found when it was extracted or when its
 * receipt was read from the archive. `damage` is null for a failure with no known cause.
 */
export function damagedEntry(name: string, damage: EntryDamage | null, error?: unknown): Finding {
  return entryUnreadable(damageReason(name, damage), error);
}

function damageReason(name: string, damage: EntryDamage | null): string {
  if (damage === 'crc') return `"${name}" está dañado: su CRC-32 no coincide`;
  if (damage === 'size') return `el tamaño real de "${name}" no coincide con el declarado`;
  if (damage === 'data') return `los datos comprimidos de "${name}" están dañados`;
  if (damage === 'header') return `la cabecera de "${name}" en el ZIP está dañada o el ZIP está cortado`;
  return `no se pudo extraer "${name}"`;
}

export function unsafePath(entry: string): Finding {
  return finding('BATCH_UNSAFE_PATH', { entry });
}

export function fileTooLarge(file: string, size: number, max: number): Finding {
  return finding('FILE_EMPTY_OR_TOO_LARGE', { file, size, max });
}

export function typeUnsupported(file: string, detected: string): Finding {
  return finding('FILE_TYPE_UNSUPPORTED', { file, detected });
}
