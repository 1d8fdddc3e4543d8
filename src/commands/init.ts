import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';

export const TEMPLATES = ['single-host', 'kubernetes', 'multi-cluster', 'file-sd'] as const;

export function templatePath(name: string): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates', `${name}.yaml`);
}

export function runInit(opts: { template: string; force?: boolean }): number {
  if (!(TEMPLATES as readonly string[]).includes(opts.template)) {
    throw new InputError([`--template: "${opts.template}" is not a template; choose one of ${TEMPLATES.join(', ')}`]);
  }
  const target = resolve('vllm-obs.yaml');
  if (existsSync(target) && !opts.force) {
    throw new InputError([`vllm-obs.yaml already exists; pass --force to overwrite it`]);
  }
  writeFileSync(target, readFileSync(templatePath(opts.template), 'utf8'));
  process.stdout.write(`wrote vllm-obs.yaml from the ${opts.template} template; next: vllm-obs generate\n`);
  return 0;
}
