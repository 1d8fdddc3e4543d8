// The alert path as data: routes, inhibit rules and receivers, before they are written as
// alertmanager.yml (snake_case, matcher strings) or as an AlertmanagerConfig (camelCase, matcher
// objects). Both renderings come from this one plan.
import type { Labels } from '../rules/types.js';

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  readonly name: string;
  readonly type: MatchType;
  readonly value: string;
}

export interface Timers {
  readonly groupWait: string;
  readonly groupInterval: string;
  readonly repeatInterval: string;
}

export interface Route {
  readonly receiver: string;
  readonly matchers: readonly Matcher[];
  /** Keep matching the sibling routes: several receivers may get the same alert. */
  readonly continue?: boolean;
  readonly routes?: readonly Route[];
}

export interface InhibitRule {
  readonly source: readonly Matcher[];
  readonly target: readonly Matcher[];
  readonly equal: readonly string[];
}

/** Where a secret comes from: a file Alertmanager reads, and the Secret key the Operator reads. */
export interface SecretRef {
  readonly file: string;
  readonly key: string;
}

export interface Webhook {
  readonly url?: string;
  readonly urlFile?: string;
  /** Key of the URL in the Kubernetes Secret (the Operator always reads it from there). */
  readonly urlKey: string;
  readonly bearerToken?: SecretRef;
}

export interface Receiver {
  readonly name: string;
  readonly sendResolved: boolean;
  readonly webhook?: Webhook;
  readonly slack?: { readonly apiUrl: SecretRef; readonly channel: string };
  readonly pagerduty?: { readonly routingKey?: SecretRef; readonly serviceKey?: SecretRef };
  readonly email?: {
    readonly to: string;
    readonly from: string;
    readonly smarthost: string;
    readonly username?: string;
    readonly password?: SecretRef;
    readonly requireTls: boolean;
  };
}

export interface AlertingPlan {
  /** The vLLM subtree: matches exactly the generated alerts; its receiver takes what no child takes. */
  readonly route: Route;
  readonly groupBy: readonly string[];
  readonly timers: Timers;
  readonly inhibitRules: readonly InhibitRule[];
  /** The configured receivers, then the null receiver (no integration) that takes `info`. */
  readonly receivers: readonly Receiver[];
  /** The Kubernetes Secret the AlertmanagerConfig reads every URL and key from. */
  readonly secretName: string;
}

/** One routing test: an alert with the labels it reaches Alertmanager with, and who must get it. */
export interface RouteCase {
  readonly name: string;
  readonly labels: Labels;
  readonly receivers: readonly string[];
}

/** One inhibition test: an alert that must mute another, both as they really fire. */
export interface InhibitCase {
  readonly name: string;
  /** Index into the config's inhibit_rules. */
  readonly rule: number;
  readonly source: Labels;
  readonly target: Labels;
}

export interface AlertingTests {
  /** The Alertmanager config the cases run against, relative to the test file. */
  readonly config_file: string;
  readonly routes: readonly RouteCase[];
  readonly inhibitions: readonly InhibitCase[];
}
