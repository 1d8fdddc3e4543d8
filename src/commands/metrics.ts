import { catalogFor, formatCatalog, NEWEST_VERSION, CatalogError, parseVersionSpec } from '../catalog/index.js';
import { InputError } from '../errors.js';

export function runMetrics(opts: { vllmVersion?: string; json?: boolean }): number {
  try {
    const requested = opts.vllmVersion ?? NEWEST_VERSION;
    const catalog = catalogFor(requested);
    if (parseVersionSpec(requested).newerThanCatalog) {
      process.stderr.write(`warning: vLLM ${requested} is newer than the catalog (newest ${NEWEST_VERSION}); showing ${NEWEST_VERSION}'s metrics\n`);
    }
    process.stdout.write(formatCatalog(catalog, opts.json ?? false));
    return 0;
  } catch (error) {
    if (error instanceof CatalogError) throw new InputError([`--vllm-version: ${error.message}`]);
    throw error;
  }
}
