/**
 * Error for an import file that cannot be read as a whole (malformed JSON or CSV, a header
 * without the required columns). The message is Spanish, for the operator. No row of the
 * file was written.
 */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
  readonly code = 'IMPORT_FILE_INVALID';

  constructor(
    message: string,
    /** Line of the file where the problem is, when known (header is line 1). */
    readonly line: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
