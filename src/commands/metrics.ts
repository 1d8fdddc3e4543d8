import { catalogFor, formatCatalog, NEWEST_VERSION, CatalogError } from '../catalog/index.js';
import { InputError } from '../errors.js';

export function runMetrics(opts: { vllmVersion?: string; json?: boolean }): number {
  try {
    const catalog = catalogFor(opts.vllmVersion ?? NEWEST_VERSION);
    process.stdout.write(formatCatalog(catalog, opts.json ?? false));
    return 0;
  } catch (error) {
    if (error instanceof CatalogError) throw new InputError([`--vllm-version: ${error.message}`]);
    throw error;
  }
}
