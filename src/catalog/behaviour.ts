// What a vLLM server does, beyond the names it exposes, where monitoring depends on it.
import { compareVersions, engineOf } from './versions.js';

/** PR #24897 (2025-09-18): `except EngineDeadError: return Response(status_code=503)` in /health. */
export const HEALTH_503_SINCE = '0.11';

/** PR #32525 (2026-01-22): with data parallelism > 1, vLLM starts one API server per rank. */
export const MULTI_API_SERVER_DEFAULT_SINCE = '0.15';

export interface DeadEngineHealth {
  /** What GET /health answers once the engine died. */
  readonly status: 500 | 503;
  /** The API server shuts itself down after answering (up to 0.10). */
  readonly exits: boolean;
}

/** From 0.11 /health answers 503 and the server stays up; up to 0.10 the launcher's exception handler
 *  answers 500 and terminates the server, so probes see a refused connection next. */
export function deadEngineHealth(version: string): DeadEngineHealth {
  return compareVersions(version, HEALTH_503_SINCE) >= 0 ? { status: 503, exits: false } : { status: 500, exits: true };
}

/** API server processes vLLM starts by default for a data-parallel size. */
export function defaultApiServers(version: string, dataParallel: number): number {
  return dataParallel > 1 && compareVersions(version, MULTI_API_SERVER_DEFAULT_SINCE) >= 0 ? dataParallel : 1;
}

/** Prometheus' multiprocess registry: V0's default (PROMETHEUS_MULTIPROC_DIR set by the frontend),
 *  and V1 with more than one API server. It has no process collector and writes no `_created`. */
export function usesMultiprocessRegistry(version: string, apiServers: number): boolean {
  return engineOf(version) === 'v0' || apiServers > 1;
}
