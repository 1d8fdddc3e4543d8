export * from './escape.js';
export * from './selector.js';
export * from './functions.js';
export * from './parse.js';
