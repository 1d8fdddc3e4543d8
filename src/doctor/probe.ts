// GETs against a live server, with every network failure turned into one plain sentence.

export class ProbeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeError';
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
export function baseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProbeError(`--url: "${raw}" is not a URL; use e.g. http://127.0.0.1:8000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ProbeError(`--url: "${raw}" must start with http:// or https://`);
  url.search = '';
  url.hash = '';
  return url;
}

/** `http://host:port` plus the mount path, without a trailing slash. */
export function rootOf(base: URL): string {
  return `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
}

export async function get(base: URL, path: string, timeoutMs: number): Promise<ProbeResponse> {
  const url = `${rootOf(base)}${path}`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
  } catch (error) {
    const reason = reasonOf(error);
    throw new ProbeError(`GET ${url}: ${reason === 'timed out' ? `no answer within ${timeoutMs} ms` : reason}`);
  }
}
