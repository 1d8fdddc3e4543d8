// The human-readable doctor report: a summary block, then findings, then the metric lists. Most of
// it is what a server said: every line is made printable, each name the server chose is cut short,
// and long lists are cut too.
import { printable } from '../text.js';
import type { Diagnosis, Severity } from './diagnose.js';

/** Longest name (model, engine, metric) shown as the server sent it. */
const MAX_NAME = 120;
/** Longest list shown in full. */
const MAX_LIST = 100;

function names(values: readonly string[], separator: string): string {
  const shown = values.slice(0, MAX_LIST).map((v) => printable(v, MAX_NAME));
  return values.length > MAX_LIST ? `${shown.join(separator)}${separator}… and ${values.length - MAX_LIST} more` : shown.join(separator);
}

const MARK: Readonly<Record<Severity, string>> = { error: 'ERROR', warning: 'WARN ', info: 'info ' };

function versionLine(d: Diagnosis): string {
  if (d.versionSource === 'reported') return `${d.reportedVersion} (from /version; catalog ${d.version})`;
  return `${d.version} (inferred from the metric set)`;
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

function listBlock(title: string, values: readonly string[]): string[] {
  return values.length === 0 ? [] : [`${title}:`, ...names(values, '\n').split('\n').map((n) => `  ${n}`)];
}

/** First thing a maintainer needs to extend the catalog: name, type and labels as the server has them. */
function unknownBlock(unknown: Diagnosis['unknown']): string[] {
  if (unknown.length === 0) return [];
  const width = Math.max(...unknown.map((u) => u.name.length));
  const typeWidth = Math.max(...unknown.map((u) => u.type.length));
  return [
    'not in the catalog (add to src/catalog/metrics.ts):',
    ...unknown.map((u) => `  ${u.name.padEnd(width)}  ${u.type.padEnd(typeWidth)}  ${u.labels.length > 0 ? u.labels.join(',') : '-'}`),
  ];
}

export function formatDiagnosis(d: Diagnosis, verbose = false): string {
  const engines = d.engines.length > 0 ? `${d.engines.length} (${names(d.engines, ', ')}) per model` : 'no engine label (V0, or V1 before 0.8.3)';
  const lines = [
    `vllm-obs doctor ${d.url}`,
    `  health      ${d.health === undefined ? 'no answer' : `/health ${d.health}`}`,
    `  version     ${versionLine(d)}`,
    `  prefix      ${d.prefix}`,
    `  models      ${d.models.length > 0 ? names(d.models, ', ') : 'none seen'}`,
    `  engines     ${engines}`,
    `  features    speculative decoding ${yesNo(d.features.includes('speculativeDecoding'))}, LoRA ${yesNo(d.features.includes('lora'))}, ` +
      `HTTP metrics ${yesNo(d.httpMetrics)}${d.features.length > 0 ? `; all: ${d.features.join(', ')}` : ''}`,
    `  metrics     ${d.present.length} of ${d.present.length + d.missing.length} catalog metrics present, ${d.missing.length} missing, ${d.unexpected.length} not in the catalog`,
    ...d.findings.map((f) => `${MARK[f.severity]} ${f.message}`),
    ...unknownBlock(d.unknown),
    ...listBlock('missing', d.missing),
    ...listBlock('not in the catalog for this version', d.unexpected.filter((n) => !d.unknown.some((u) => u.name === n))),
    ...(verbose ? listBlock('present', d.present) : []),
  ];
  return `${lines.map((line) => printable(line)).join('\n')}\n`;
}
