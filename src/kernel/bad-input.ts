/**
 * A refusal of input at a process boundary (a CLI argument, a file): the CLI prints its one-line message
 * and exits 2. Inside the domain, refusals are named results instead; this type is for the edges only.
 */
export class BadInputError extends Error {
  override name = 'BadInputError';
  constructor(
    message: string,
    readonly code = 'bad_input',
  ) {
    super(message);
  }
}
