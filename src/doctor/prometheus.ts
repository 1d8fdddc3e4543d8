// The few Prometheus HTTP API calls a live check needs (v1 API, Prometheus >= 2.x).
import { printable } from '../text.js';
import { BODY_LIMITS, boundedFetch, ProbeError, reasonOf, type BoundedResponse } from './probe.js';

export interface RangeSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly values: readonly (readonly [number, string])[];
}

export interface InstantSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: readonly [number, string];
}

export interface RuleState {
  readonly name: string;
  readonly type: 'recording' | 'alerting';
  readonly health: string;
  readonly lastError?: string;
  readonly query: string;
  readonly state?: string;
  readonly alerts?: readonly { labels: Record<string, string>; state: string }[];
}

export interface RuleGroupState {
  readonly name: string;
  readonly file: string;
  readonly rules: readonly RuleState[];
}

interface ApiAnswer<T> {
  status: 'success' | 'error';
  data?: T;
  error?: string;
  errorType?: string;
}

export class PrometheusClient {
  constructor(
    readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Queries go as POST forms (long expressions do not fit in a URL); endpoints that only take GET say so. */
  private async call<T>(path: string, params: Record<string, string> = {}, method: 'GET' | 'POST' = 'POST'): Promise<T> {
    const form = new URLSearchParams(params);
    const base = `${this.url.replace(/\/+$/, '')}${path}`;
    const init = method === 'POST' ? { method, body: form } : { method };
    const target = method === 'GET' && form.size > 0 ? `${base}?${form}` : base;
    let res: BoundedResponse;
    try {
      res = await boundedFetch(target, init, BODY_LIMITS.prometheusApi, this.timeoutMs);
    } catch (error) {
      if (error instanceof ProbeError) throw error;
      throw new ProbeError(`${method} ${base}: ${printable(reasonOf(error), 200)}`);
    }
    let answer: ApiAnswer<T> | undefined;
    try {
      answer = JSON.parse(res.body) as ApiAnswer<T>;
    } catch {
      answer = undefined;
    }
    if (typeof answer !== 'object' || answer === null) throw new ProbeError(`${method} ${base} answered HTTP ${res.status} without JSON: not the Prometheus API`);
    // Prometheus' own error text is data too: escaped and cut short
    if (answer.status !== 'success' || answer.data === undefined) throw new Error(printable(String(answer.error ?? `HTTP ${res.status}`), 300));
    return answer.data;
  }

  async queryRange(expr: string, start: number, end: number, step: number): Promise<RangeSeries[]> {
    const data = await this.call<{ result: RangeSeries[] }>('/api/v1/query_range', {
      query: expr,
      start: String(start),
      end: String(end),
      step: String(step),
    });
    return data.result;
  }

  /** An instant query; vector results only (what Grafana's query_result() variables read). */
  async query(expr: string, time?: number): Promise<InstantSample[]> {
    const data = await this.call<{ resultType: string; result: InstantSample[] }>('/api/v1/query', {
      query: expr,
      ...(time === undefined ? {} : { time: String(time) }),
    });
    return data.resultType === 'vector' ? data.result : [];
  }

  /** Values of `label` on the series matching `match` (all series when omitted). */
  labelValues(label: string, match?: string): Promise<string[]> {
    return this.call<string[]>(`/api/v1/label/${encodeURIComponent(label)}/values`, match === undefined ? {} : { 'match[]': match }, 'GET');
  }

  async ruleGroups(): Promise<RuleGroupState[]> {
    return (await this.call<{ groups: RuleGroupState[] }>('/api/v1/rules', {}, 'GET')).groups;
  }
}
