// GETs against a live server, with every network failure turned into one plain sentence. A server is
// not trusted: every answer is read within one deadline (connection, headers and body together) and
// up to a size (after decompression, so a gzip bomb stops at the cap), and is data, never code.
import { printable } from '../text.js';
import { sizeText, MiB } from '../input.js';

export class ProbeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeError';
  }
}

/** An answer larger than doctor reads: the server is not what it claims, whichever route it was. */
export class ProbeLimitError extends ProbeError {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeLimitError';
  }
}

/** The longest wait Node's timers can hold (2^31-1 ms, about 24.8 days). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** What doctor reads of each answer, decoded. A big vLLM /metrics page is a few MiB. */
export const BODY_LIMITS = {
  metrics: 64 * MiB,
  small: 64 * 1024,
  models: 8 * MiB,
  prometheusApi: 64 * MiB,
} as const;

export function timeoutProblem(timeoutMs: number): string | undefined {
  if (Number.isInteger(timeoutMs) && timeoutMs >= 1 && timeoutMs <= MAX_TIMEOUT_MS) return undefined;
  return `${printable(String(timeoutMs), 40)} is not a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`;
}

export interface BoundedResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * `fetch` within `timeoutMs` for everything (connecting, headers, the whole body) and at most
 * `maxBytes` of decoded body. Throws ProbeLimitError past the size; fetch's own errors otherwise
 * (an abort on the deadline surfaces as AbortError, which reasonOf calls "timed out").
 */
export async function boundedFetch(url: string, init: RequestInit, maxBytes: number, timeoutMs: number): Promise<BoundedResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(url, { ...init, signal: controller.signal });
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body?.getReader();
    for (let part = await reader?.read(); part !== undefined && !part.done; part = await reader!.read()) {
      size += part.value.byteLength;
      if (size > maxBytes) {
        controller.abort();
        throw new ProbeLimitError(`${init.method ?? 'GET'} ${url}: the answer is larger than ${sizeText(maxBytes)}; stopped reading (not a vLLM server?)`);
      }
      chunks.push(part.value);
    }
    return { status: res.status, contentType: printable(res.headers.get('content-type') ?? '', 100), body: Buffer.concat(chunks).toString('utf8') };
  } finally {
    clearTimeout(timer);
  }
}

export interface ProbeResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (is the server running and listening on that port?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset by the server',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  UND_ERR_SOCKET: 'the server closed the connection',
};

/** One plain sentence for a failed fetch: refused, timed out, host not found, … */
export function reasonOf(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code !== undefined) return REASONS[cause.code] ?? cause.code;
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** The base URL a user typed, normalised: a scheme is required, a trailing slash dropped. */
export function baseUrl(raw: string, flag = '--url'): URL {
  const shown = printable(raw, 200);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProbeError(`${flag}: "${shown}" is not a URL; use e.g. http://127.0.0.1:8000`);
  }
  // the URL would be printed in messages and written into the config: credentials stay out of both
  if (url.username !== '' || url.password !== '') throw new ProbeError(`${flag}: credentials in the URL (user:password@) are not supported (value not shown)`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ProbeError(`${flag}: "${shown}" must start with http:// or https://`);
  url.search = '';
  url.hash = '';
  return url;
}

/** `http://host:port` plus the mount path, without a trailing slash. */
export function rootOf(base: URL): string {
  return `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
}

export async function get(base: URL, path: string, timeoutMs: number, maxBytes: number): Promise<ProbeResponse> {
  const url = `${rootOf(base)}${path}`;
  try {
    return await boundedFetch(url, { redirect: 'follow' }, maxBytes, timeoutMs);
  } catch (error) {
    if (error instanceof ProbeError) throw error;
    const reason = reasonOf(error);
    throw new ProbeError(`GET ${url}: ${reason === 'timed out' ? `no answer within ${timeoutMs} ms (headers and body)` : printable(reason, 200)}`);
  }
}
