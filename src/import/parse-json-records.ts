import { normaliseColumnName, type ImportRecord, type ParsedRecords } from './import-record.ts';

/**
 * Parses a JSON array of objects. Keys are matched like CSV column names. Strings and
 * numbers become text, and null becomes "". The record's line is its array index + 1.
 */
export function parseJsonRecords(text: string): ParsedRecords {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const line = errorLine(text, error);
    return { ok: false, message: `el JSON no es válido${line === null ? '' : ` cerca de la línea ${line}`}`, line };
  }
  if (!Array.isArray(parsed)) return { ok: false, message: 'el JSON debe ser un arreglo de objetos ([{...}, {...}])', line: null };
  return { ok: true, records: parsed.map((element, index) => toRecord(element, index + 1)), columns: null };
}

function toRecord(element: unknown, line: number): ImportRecord {
  if (typeof element !== 'object' || element === null || Array.isArray(element)) {
    return { line, values: {}, problem: `el elemento ${line} no es un objeto` };
  }
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(element)) {
    const column = normaliseColumnName(key);
    if (value === null || value === undefined) values[column] = '';
    else if (typeof value === 'string' || typeof value === 'number') values[column] = String(value);
    else problems.push(`${column} no es un texto ni un número`);
  }
  return problems.length > 0 ? { line, values, problem: problems.join('; ') } : { line, values };
}

/** Line of the failure, from the "at position N" that V8 puts in most JSON.parse messages (Node 20 omits it for "Unexpected token"). */
function errorLine(text: string, error: unknown): number | null {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!position) return null;
  return text.slice(0, Number(position[1])).split('\n').length;
}
