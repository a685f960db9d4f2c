/** One line of the bench's table; blank cells are null. */
export interface TableRow {
  readonly stage: string;
  readonly receipts: number | null;
  readonly seconds: number | null;
  readonly perSecond: number | null;
  /** Ratio to the matching baseline, or the share of the total for intake rows, already formatted. */
  readonly ratio: string | null;
  readonly peakRss: string | null;
  readonly goal: string | null;
  readonly met: boolean | null;
}

const headers = ['stage', 'receipts', 'seconds', 'receipts/s', 'ratio to baseline', 'peak RSS', 'goal', 'met?'];

function cells(row: TableRow): string[] {
  return [
    row.stage,
    row.receipts === null ? '' : String(row.receipts),
    row.seconds === null ? '' : row.seconds.toFixed(1),
    row.perSecond === null ? '' : row.perSecond.toFixed(0),
    row.ratio ?? '',
    row.peakRss ?? '',
    row.goal ?? '',
    row.met === null ? '' : row.met ? 'yes' : 'no',
  ];
}

/** Renders the rows as a Markdown table, so the same text goes to the terminal and the docs page. */
export function renderTable(rows: readonly TableRow[]): string {
  const body = rows.map(cells);
  const widths = headers.map((header, column) => Math.max(header.length, ...body.map((line) => line[column]!.length)));
  const line = (values: readonly string[]) => `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}
