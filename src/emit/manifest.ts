// The manifest (.vllm-obs-manifest.json) is the only proof that vllm-obs wrote a file in the output
// directory: a file is vllm-obs's when the manifest lists it and its bytes still hash to the listed
// sha256. A manifest that is not exactly the shape vllm-obs writes (checked by a JSON Schema) proves
// nothing, so the directory is treated as someone else's.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { OUT } from '../model/conventions.js';
import { validatorFor } from '../precompiled.js';

export const MANIFEST_PATH = OUT.manifest;

export interface Manifest {
  generator: 'vllm-obs';
  files: { path: string; sha256: string }[];
}

/** A relative path of '/'-separated names, none empty, "." or "..", without "\" or NUL. */
export const SAFE_RELATIVE_PATH = '^(?!/)(?!.*//)(?!(?:.*/)?\\.\\.?(?:/|$))[^\\\\\\u0000]+(?<!/)$';
export const SHA256 = '^[0-9a-f]{64}$';

export const manifestSchema = {
  type: 'object',
  required: ['generator', 'files'],
  additionalProperties: false,
  properties: {
    generator: { const: 'vllm-obs' },
    files: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'sha256'],
        additionalProperties: false,
        properties: {
          path: { type: 'string', minLength: 1, maxLength: 4096, pattern: SAFE_RELATIVE_PATH },
          sha256: { type: 'string', pattern: SHA256 },
        },
      },
    },
  },
} as const;

/** Bigger than any manifest vllm-obs writes by far; a larger file is not one of them. */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

export function buildManifest(files: ReadonlyMap<string, string>): Manifest {
  return {
    generator: 'vllm-obs',
    files: [...files.keys()].sort().map((path) => ({ path, sha256: sha256(files.get(path)!) })),
  };
}

let validateManifest: ValidateFunction | undefined;

/** The manifest in `text`, or why it is not one vllm-obs wrote. */
export function parseManifest(text: string): { manifest: Manifest } | { problem: string } {
  const data = parseRecord(text);
  if ('problem' in data) return data;
  validateManifest ??= validatorFor('artifact', manifestSchema);
  if (!validateManifest(data.value)) return { problem: schemaProblem(validateManifest) };
  const manifest = data.value as Manifest;
  const paths = new Set<string>();
  for (const { path } of manifest.files) {
    if (paths.has(path)) return { problem: `it lists ${JSON.stringify(path)} twice` };
    if (isReserved(path)) return { problem: `it lists vllm-obs's own ${JSON.stringify(path)}` };
    paths.add(path);
  }
  return { manifest };
}

/** Names vllm-obs keeps for itself at the top of the output directory (manifest, lock, journal, staging). */
export function isReserved(path: string): boolean {
  return path.split('/')[0]!.startsWith('.vllm-obs-');
}

export type ManifestState = { kind: 'absent' } | { kind: 'valid'; manifest: Manifest } | { kind: 'invalid'; problem: string };

/** The manifest of `dir` as found on disk; a symbolic link or a directory there is no manifest. */
export function readManifest(dir: string): ManifestState {
  const read = readRecordFile(join(dir, MANIFEST_PATH));
  if (read.kind !== 'text') return read;
  const parsed = parseManifest(read.text);
  return 'manifest' in parsed ? { kind: 'valid', manifest: parsed.manifest } : { kind: 'invalid', problem: parsed.problem };
}

/** A small JSON file of vllm-obs's (manifest, journal, staging record) read without following links. */
export function readRecordFile(file: string): { kind: 'absent' } | { kind: 'text'; text: string } | { kind: 'invalid'; problem: string } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'absent' };
    if (code === 'ELOOP') return { kind: 'invalid', problem: 'it is a symbolic link' };
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { kind: 'invalid', problem: 'it is a directory' };
    if (!stat.isFile()) return { kind: 'invalid', problem: 'it is not a regular file' };
    if (stat.size > MAX_RECORD_BYTES) return { kind: 'invalid', problem: `it is larger than ${MAX_RECORD_BYTES} bytes` };
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { kind: 'text', text: buffer.subarray(0, read).toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

export function parseRecord(text: string): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { problem: 'it is not JSON' };
  }
}

export function schemaProblem(validate: ValidateFunction): string {
  const error = validate.errors?.[0];
  return error ? `${error.instancePath || 'the top level'} ${error.message ?? 'is invalid'}` : 'it has the wrong shape';
}

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
