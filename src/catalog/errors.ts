/** A wrong vLLM version, range or metric name given to the catalog. The message is one line meant
 *  for the user (the CLI prints it as is), so it always says what would have been accepted. */
export class CatalogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogError';
  }
}
