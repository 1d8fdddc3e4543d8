#!/usr/bin/env node
// Rewrites the configuration reference in README.md from the config schema (run after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderConfigReference } from '../dist/config/reference.js';

const START = '<!-- config-reference:start -->';
const END = '<!-- config-reference:end -->';
const readme = readFileSync('README.md', 'utf8');
const [before, rest] = readme.split(START);
const after = rest.split(END)[1];
writeFileSync('README.md', `${before}${START}\n${renderConfigReference()}${END}${after}`);
