import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigReference } from '../src/config/reference.js';
import { configSchema } from '../src/config/schema.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('opens with the two set-up commands', () => {
    const firstBlock = readme.split('```')[1];
    expect(firstBlock).toContain('npm ci && npm run generate');
    expect(firstBlock).toContain('npm test');
  });

  it('carries the configuration reference rendered from the schema (npm run readme refreshes it)', () => {
    const block = readme.split('<!-- config-reference:start -->\n')[1]?.split('<!-- config-reference:end -->')[0];
    expect(block).toBe(renderConfigReference());
  });

  it('documents every top-level config key', () => {
    for (const key of Object.keys(configSchema.properties)) expect(readme).toContain(`| ${key}`);
  });
});
