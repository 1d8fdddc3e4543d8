// Names built from user input (deployment names, dashboard and rule file names) for Kubernetes objects
// and generated file names. A name is kept as written when it is already valid; otherwise it is
// cleaned and a hash of the original is appended, so two inputs never map to one name and a name
// never depends on what else the config holds.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';

/** RFC 1123 label: what Kubernetes requires of label values and most object names. */
export const DNS_LABEL_MAX = 63;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const HASH_LENGTH = 8;

export interface NameOptions {
  maxLength?: number;
  /** Names another output already uses; a clean name equal to one of them gets the hash suffix too. */
  reserved?: readonly string[];
}

/** `text` as an RFC 1123 label (lower-case alphanumerics and '-', at most `maxLength`). */
export function dnsLabel(text: string, options: NameOptions = {}): string {
  const maxLength = options.maxLength ?? DNS_LABEL_MAX;
  if (isDnsLabel(text, maxLength) && !options.reserved?.includes(text)) return text;
  const suffix = shortHash(text);
  const cleaned = text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const head = cleaned.slice(0, maxLength - HASH_LENGTH - 1).replace(/^-+|-+$/g, '');
  return head ? `${head}-${suffix}` : suffix;
}

export function isDnsLabel(text: string, maxLength = DNS_LABEL_MAX): boolean {
  return text.length <= maxLength && DNS_LABEL.test(text);
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, HASH_LENGTH);
}

/** `prometheus/rules/vllm-alerts.rules.yml` → `vllm-alerts`: the part of a file name worth naming an object after. */
export function fileStem(path: string): string {
  return posix.basename(path).replace(/(\.rules)?\.(ya?ml|json)$/, '');
}
