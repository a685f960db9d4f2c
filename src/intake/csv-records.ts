import { CsvError, parse } from 'csv-parse/sync';

export type Delimiter = ',' | ';';

/** One CSV record with the file line it starts on (line 1 is the first line of the text). */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

export interface CsvRecords {
  readonly records: readonly CsvRecord[];
  /** Lines where a record opens a quote that never closes; the record is lost. */
  readonly unclosedQuoteLines: readonly number[];
  /**
   * Lines where a record opened a quote that ran over several lines, and that the caller's
   * `isWellFormed` then rejected. The lines after each one are read again as records of their own.
   */
  readonly unbalancedQuoteLines: readonly number[];
  /** Set when reading stopped early after too many quote errors: the line not read. */
  readonly stoppedAtLine: number | null;
}

/** Caller's test of one record. Its verdict on a single-line record is ignored. */
export type RecordTest = (record: CsvRecord, spansLines: boolean) => boolean;

/** After this many quote errors of both kinds the rest is not read: each retry parses the remaining text again. */
const maxQuoteErrors = 20;

/** Thrown from csv-parse's on_record hook to stop parsing at a multi-line record the caller rejected. */
class UnbalancedQuoteError extends Error {}

/**
 * Splits CSV text into records, keeping each record's starting line so that cells with
 * line breaks inside quotes do not shift later line numbers. Blank lines come back as
 * records of one empty cell. A quote that never closes would swallow the rest of the file,
 * so that record's first line is reported and parsing resumes on the next line.
 *
 * A stray quote that a later quote closes swallows the lines in between instead. So every
 * record goes to `isWellFormed`, once and in file order, with whether it spans several lines.
 * A record that spans several lines and fails it is handled like an unclosed quote: its first
 * line is reported and parsing resumes on the line after it.
 */
export function readCsvRecords(text: string, delimiter: Delimiter, isWellFormed: RecordTest = () => true): CsvRecords {
  const bytes = Buffer.from(text, 'utf8');
  const lines = new LineCounter(bytes);
  const records: CsvRecord[] = [];
  const unclosedQuoteLines: number[] = [];
  const unbalancedQuoteLines: number[] = [];
  let start = 0;

  for (;;) {
    let recordStart = start;
    try {
      parse(bytes.subarray(start), {
        delimiter,
        relax_quotes: true,
        relax_column_count: true,
        skip_empty_lines: false,
        // csv-parse 6 counts a CRLF inside a quoted cell as two lines, so line numbers come
        // from byte offsets instead: `bytes` is where the record ends, its line break included.
        on_record: (cells: string[], context) => {
          const record = { line: lines.lineAt(recordStart), cells };
          const recordEnd = start + context.bytes;
          const spansLines = lines.nextLineStart(recordStart) < recordEnd;
          // The test runs on every record, so the caller sees the header and learns the column count.
          const wellFormed = isWellFormed(record, spansLines);
          if (spansLines && !wellFormed) throw new UnbalancedQuoteError();
          records.push(record);
          recordStart = recordEnd;
          return null;
        },
      });
      return { records, unclosedQuoteLines, unbalancedQuoteLines, stoppedAtLine: null };
    } catch (error) {
      if (!(error instanceof CsvError) && !(error instanceof UnbalancedQuoteError)) throw error;
      const badLine = lines.lineAt(recordStart);
      if (unclosedQuoteLines.length + unbalancedQuoteLines.length === maxQuoteErrors) {
        return { records, unclosedQuoteLines, unbalancedQuoteLines, stoppedAtLine: badLine };
      }
      (error instanceof CsvError ? unclosedQuoteLines : unbalancedQuoteLines).push(badLine);
      start = lines.nextLineStart(recordStart);
    }
  }
}

const lineFeed = 0x0a;
const carriageReturn = 0x0d;

/** Line numbers of byte offsets, for offsets that only grow; \r\n, \n and a lone \r each end a line. */
class LineCounter {
  private position = 0;
  private line = 1;

  constructor(private readonly bytes: Buffer) {}

  lineAt(offset: number): number {
    for (; this.position < offset; this.position += 1) {
      const byte = this.bytes[this.position];
      const crlf = byte === carriageReturn && this.bytes[this.position + 1] === lineFeed;
      if (byte === lineFeed || (byte === carriageReturn && !crlf)) this.line += 1;
    }
    return this.line;
  }

  /** Returns the offset just after the line break that ends the line containing `offset`. */
  nextLineStart(offset: number): number {
    for (let index = offset; index < this.bytes.length; index += 1) {
      const byte = this.bytes[index];
      if (byte === lineFeed) return index + 1;
      if (byte === carriageReturn) return this.bytes[index + 1] === lineFeed ? index + 2 : index + 1;
    }
    return this.bytes.length;
  }
}
