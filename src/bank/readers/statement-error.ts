import { BadInputError } from '../../kernel/bad-input.ts';

/** Where in a file a refusal happened: line and column are 1-based and absent when the reason is the file as a whole. */
export type StatementPosition = { readonly file: string; readonly line?: number; readonly column?: number };

/**
 * A bank file refused at the edge: malformed XML, a DTD, an impossible date, a malformed amount, a file or
 * node beyond its limit. The message is one line naming the file and position, so the CLI can print it as is.
 */
export class StatementError extends BadInputError {
  override name = 'StatementError';
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly reason: string;

  constructor(position: StatementPosition, reason: string) {
    const where =
      position.line === undefined
        ? position.file
        : `${position.file}:${position.line}${position.column === undefined ? '' : `:${position.column}`}`;
    super(`${where}: ${oneLine(reason)}`, 'bad_statement');
    this.file = position.file;
    this.line = position.line;
    this.column = position.column;
    this.reason = oneLine(reason);
  }
}

/** Error texts from parsers may span lines or quote hostile input at length; a CLI reason is one short line. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
