// The README's configuration reference is rendered from the schema, so the two cannot disagree.
import { configSchema } from './schema.js';

interface SchemaNode {
  type?: string;
  enum?: readonly unknown[];
  default?: unknown;
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
  required?: readonly string[];
}

export function renderConfigReference(): string {
  const rows: string[] = ['| key | type | default | meaning |', '|---|---|---|---|'];
  walk(configSchema as unknown as SchemaNode, '', rows);
  return `${rows.join('\n')}\n`;
}

function walk(node: SchemaNode, path: string, rows: string[]): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const here = path ? `${path}.${key}` : key;
    if (child.properties && child.type === 'object' && !isAlertMap(here)) {
      walk(child, here, rows);
      continue;
    }
    if (isAlertMap(here)) {
      rows.push(row(`${here}.<AlertName>`, 'mapping', '{}', `per-alert overrides for ${Object.keys(child.properties ?? {}).map((n) => `\`${n}\``).join(', ')}`));
      const sample = Object.values(child.properties ?? {})[0];
      if (sample) walk(sample, `${here}.<AlertName>`, rows);
      continue;
    }
    rows.push(row(here, typeOf(child), formatDefault(child.default), child.description ?? ''));
    if (child.type === 'array' && child.items?.properties) walk(child.items, `${here}[]`, rows);
  }
}

function isAlertMap(path: string): boolean {
  return path === 'rules.alerts';
}

function typeOf(node: SchemaNode): string {
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (node.type === 'array') return `list of ${node.items?.type ?? 'items'}`;
  if (node.type === 'object') return 'mapping';
  return node.type ?? 'any';
}

function formatDefault(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value);
  return `\`${text.length > 60 ? `${text.slice(0, 57)}…` : text}\``.replace(/\|/g, '\\|');
}

function row(...cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/(?<!\\)\|/g, '\\|')).join(' | ')} |`;
}
