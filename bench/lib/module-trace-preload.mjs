// Preloaded (`node --import`) into a traced run: records every module the process loads into the
// file the bench names, one absolute path or URL a line. ES modules are seen by a loader hook
// (they load off the main thread there); CommonJS modules that other CommonJS modules require
// bypass those hooks, so they are read from the require cache at exit.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const file = process.env.VLLM_OBS_BENCH_MODULES_FILE;
if (file) {
  register(new URL('./module-trace-hooks.mjs', import.meta.url), { data: { file } });
  process.on('exit', () => appendFileSync(file, Object.keys(Module._cache).map((path) => `${path}\n`).join('')));
}
