// Preloaded (`node --import`) into a measured run when GNU time is missing: reports the process's
// peak resident set size (KiB) at exit into the file the bench names.
import { writeFileSync } from 'node:fs';

const file = process.env.VLLM_OBS_BENCH_MAXRSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, `${process.resourceUsage().maxRSS}\n`));
