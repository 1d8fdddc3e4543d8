import { createHash } from 'node:crypto';
import { OUT } from '../model/conventions.js';

export const MANIFEST_PATH = OUT.manifest;

export interface Manifest {
  generator: 'vllm-obs';
  files: { path: string; sha256: string }[];
}

export function buildManifest(files: ReadonlyMap<string, string>): Manifest {
  return {
    generator: 'vllm-obs',
    files: [...files.keys()].sort().map((path) => ({ path, sha256: sha256(files.get(path)!) })),
  };
}

export function parseManifest(text: string): Manifest | undefined {
  try {
    const data = JSON.parse(text) as Manifest;
    if (data?.generator !== 'vllm-obs' || !Array.isArray(data.files)) return undefined;
    return data;
  } catch {
    return undefined;
  }
}

export function sha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}
