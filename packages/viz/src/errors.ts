/**
 * The error every @twotower/viz function throws for bad input: it names the field (and the row
 * or index where there is one) and says what to do.
 */
export class VizInputError extends Error {
  /** The option or argument at fault, e.g. `"perplexity"` or `"sections[2].points"`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'VizInputError';
    this.field = field;
  }
}
