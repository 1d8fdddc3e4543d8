// Traffic shapes. Each scenario drives the signals one alert or dashboard row watches; everything
// else stays as in `steady`, so a test can tell which signal moved.

export const SCENARIOS = ['steady', 'overload', 'kv-pressure', 'errors', 'dead'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface ScenarioShape {
  /** Arrivals per second as a multiple of an engine's capacity; above 1 the queue grows. */
  readonly load: number;
  /** KV-cache usage (0–1) the engine settles at. */
  readonly kvUsage: number;
  /** Mean preemptions per finished request. */
  readonly preemptionsPerRequest: number;
  /** Share of requests that end with finished_reason="error" and HTTP 5xx. A healthy server still
   *  fails the odd request, so steady is not zero (a 5xx panel has a series to show), but it stays
   *  well inside the default 99.5 % availability objective: burn rate 0.2. */
  readonly errorShare: number;
  /** Share of requests the client aborts. */
  readonly abortShare: number;
  /** Multiplier on decode time per token (a full batch decodes slower). */
  readonly decodeSlowdown: number;
  /** False: the engine is dead; /health answers 503 and no counter moves. */
  readonly alive: boolean;
}

const STEADY: ScenarioShape = {
  load: 0.6,
  kvUsage: 0.35,
  preemptionsPerRequest: 0,
  errorShare: 0.001,
  abortShare: 0.02,
  decodeSlowdown: 1,
  alive: true,
};

export const SCENARIO_SHAPES: Readonly<Record<Scenario, ScenarioShape>> = Object.freeze({
  steady: STEADY,
  overload: { ...STEADY, load: 1.8, kvUsage: 0.88, preemptionsPerRequest: 0.05, decodeSlowdown: 1.8 },
  // the KV cache, not the request rate, is the limit: preemptions and slower decode, but no queue
  'kv-pressure': { ...STEADY, load: 0.8, kvUsage: 0.975, preemptionsPerRequest: 0.6, decodeSlowdown: 1.3 },
  errors: { ...STEADY, errorShare: 0.3 },
  dead: { ...STEADY, alive: false },
});

export function isScenario(name: string): name is Scenario {
  return (SCENARIOS as readonly string[]).includes(name);
}
