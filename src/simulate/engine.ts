// One vLLM engine under traffic: a queue in front of a batch with a fixed capacity. Requests are
// drawn with realistic shapes (log-normal lengths, latencies built from queueing + prefill + decode),
// so the histograms a dashboard reads stay internally consistent (e2e = ttft + decode, ...).
import type { Random } from './random.js';
import type { RequestLabel } from './labels.js';
import { HANDLERS, HANDLER_WEIGHTS } from './labels.js';
import type { ScenarioShape } from './scenarios.js';

/** One finished request: every per-request value a vLLM engine observes when a request ends. */
export interface FinishedRequest {
  readonly promptTokens: number;
  readonly generationTokens: number;
  readonly cachedTokens: number;
  readonly queueSeconds: number;
  readonly prefillSeconds: number;
  readonly decodeSeconds: number;
  readonly ttftSeconds: number;
  readonly e2eSeconds: number;
  /** Time between output steps (the ITL observation, repeated once per step). */
  readonly interTokenSeconds: number;
  readonly preemptions: number;
  readonly draftTokens: number;
  readonly acceptedTokens: number;
  readonly drafts: number;
  readonly failed: boolean;
  readonly labels: Readonly<Record<RequestLabel, string>>;
}

/** Requests per second one engine finishes when saturated (an 8B model on one GPU, chat traffic). */
const CAPACITY = 4;
const MAX_BATCH = 256;
/** Clients give up on a queue this long; without a cap overload would grow without bound. */
const MAX_WAITING = 2000;
/** Seconds of capacity the batch can absorb at once: a continuous-batching engine admits a burst
 *  of arrivals into free batch slots instead of serving them one by one, so below capacity nothing
 *  waits longer than a scheduler step (a queue forms only under sustained overload). */
const BURST_SECONDS = 2;
/** One scheduler iteration: the wait of a request admitted at once. */
const SCHEDULER_STEP_SECONDS = 0.015;
/** KV usage and the batch size follow the scenario with this time constant (seconds). */
const SETTLE_SECONDS = 2;
const SPEC_TOKENS_PER_DRAFT = 3;
const SPEC_ACCEPTANCE = 0.6;

export interface EngineState {
  readonly running: number;
  readonly waiting: number;
  readonly kvUsage: number;
  /** Prompt tokens served from the prefix cache over all prompt tokens so far. */
  readonly prefixHitRate: number;
  /** Prompt plus generation tokens per second over the last tick. */
  readonly tokensPerSecond: number;
}

export class EngineSim implements EngineState {
  running = 0;
  waiting = 0;
  kvUsage = 0;
  tokensPerSecond = 0;
  /** Requests the batch can still admit now (a token bucket refilled at CAPACITY per second). */
  private admission = CAPACITY * BURST_SECONDS;
  private promptTotal = 0;
  private cachedTotal = 0;

  constructor(
    private readonly random: Random,
    private readonly finishedReasons: readonly string[],
    private readonly maxModelLen: number,
  ) {}

  get prefixHitRate(): number {
    return this.promptTotal === 0 ? 0 : this.cachedTotal / this.promptTotal;
  }

  /** Advances `dt` seconds under `shape` and returns the requests that finished meanwhile. */
  step(dt: number, shape: ScenarioShape): FinishedRequest[] {
    if (!shape.alive) return [];
    const r = this.random;
    const settle = 1 - Math.exp(-dt / SETTLE_SECONDS);
    this.waiting = Math.min(MAX_WAITING, this.waiting + r.poisson(shape.load * CAPACITY * dt));
    this.admission = Math.min(CAPACITY * BURST_SECONDS, this.admission + CAPACITY * dt);
    const started = Math.min(this.waiting, Math.floor(this.admission));
    this.admission -= started;
    this.waiting -= started;
    const finished = Array.from({ length: started }, () => this.finish(shape));
    const meanInference = finished.length > 0 ? mean(finished.map((f) => f.prefillSeconds + f.decodeSeconds)) : 2.5;
    // Little's law: requests in the batch = throughput x time in the batch
    const batchTarget = Math.min(MAX_BATCH, Math.min(shape.load, 1) * CAPACITY * meanInference);
    this.running = Math.max(0, Math.round(this.running + (batchTarget - this.running) * settle + r.normal() * 0.5));
    this.kvUsage = clamp(this.kvUsage + (shape.kvUsage - this.kvUsage) * settle + r.normal() * 0.003, 0, 1);
    const tokens = finished.reduce((sum, f) => sum + f.promptTokens + f.generationTokens, 0);
    this.tokensPerSecond = tokens / dt;
    return finished;
  }

  private finish(shape: ScenarioShape): FinishedRequest {
    const r = this.random;
    const generationTokens = Math.round(clamp(r.logNormal(180, 0.7), 1, 2048));
    const promptTokens = Math.round(clamp(r.logNormal(600, 0.8), 1, this.maxModelLen - generationTokens));
    const cachedTokens = Math.floor(promptTokens * (0.2 + 0.4 * r.next()));
    // what is still waiting after this admission was ahead in the queue; the rest waits a step
    const queueSeconds = (this.waiting / CAPACITY) * (0.8 + 0.4 * r.next()) + r.logNormal(SCHEDULER_STEP_SECONDS, 0.5);
    const prefillSeconds = (promptTokens - cachedTokens) / 8000 + r.logNormal(0.03, 0.3);
    const interTokenSeconds = r.logNormal(0.022, 0.25) * shape.decodeSlowdown;
    const decodeSeconds = interTokenSeconds * (generationTokens - 1);
    const ttftSeconds = queueSeconds + prefillSeconds + r.logNormal(0.004, 0.3);
    const failed = r.chance(shape.errorShare);
    const drafts = Math.ceil(generationTokens / SPEC_TOKENS_PER_DRAFT);
    this.promptTotal += promptTokens;
    this.cachedTotal += cachedTokens;
    return {
      promptTokens,
      generationTokens,
      cachedTokens,
      queueSeconds,
      prefillSeconds,
      decodeSeconds,
      ttftSeconds,
      e2eSeconds: ttftSeconds + decodeSeconds,
      interTokenSeconds,
      preemptions: r.poisson(shape.preemptionsPerRequest),
      drafts,
      draftTokens: drafts * SPEC_TOKENS_PER_DRAFT,
      acceptedTokens: Math.round(drafts * SPEC_TOKENS_PER_DRAFT * SPEC_ACCEPTANCE),
      failed,
      labels: {
        finished_reason: this.reasonOf(failed, shape),
        status: failed ? '5xx' : '2xx',
        handler: r.pick(HANDLERS, HANDLER_WEIGHTS),
        method: 'POST',
      },
    };
  }

  /** Versions without finished_reason="error" report a failed request as aborted. */
  private reasonOf(failed: boolean, shape: ScenarioShape): string {
    const has = (reason: string) => this.finishedReasons.includes(reason);
    if (failed) return has('error') ? 'error' : 'abort';
    if (this.random.chance(shape.abortShare)) return 'abort';
    return this.random.chance(0.15) ? 'length' : 'stop';
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
