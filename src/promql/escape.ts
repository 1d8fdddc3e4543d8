// PromQL string literals and RE2 patterns built from user-supplied values (model, cluster and job
// names). One unescaped quote would break every query that carries the value.

/** A double-quoted PromQL string literal holding exactly `value`. */
export function quote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const RE2_META = /[\\.+*?()|[\]{}^$]/g;

/** An RE2 pattern matching exactly `value` (Prometheus anchors `=~` patterns at both ends). */
export function exactRegex(value: string): string {
  return value.replace(RE2_META, (ch) => `\\${ch}`);
}
