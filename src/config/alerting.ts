// Checks of the alert path the schema cannot express: links that must parse as URLs, Alertmanager
// addresses, receiver names, and keys that only work together or only in some Alertmanager releases.
import type { ConfigProblem } from '../errors.js';
import { hostPortProblem } from './hostport.js';
import type { Config } from './types.js';

/** The receiver that notifies nobody (info alerts; everything when no receiver is configured). */
export const NULL_RECEIVER = 'vllm-obs-null';

/** Alertmanager releases vllm-obs writes for: `matchers`, `source_matchers` and the *_file keys. */
const OLDEST_ALERTMANAGER = 25;
/** webhook_configs[].url_file (prometheus/alertmanager#3223). */
const WEBHOOK_URL_FILE_SINCE = 26;

type Receiver = Config['alerting']['receivers'][number];

function minorOf(version: string): number {
  return Number(version.split('.')[1]);
}

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === 'http:' || protocol === 'https:';
}

/** grafana.url and the link patterns end up in every alert's runbook_url and dashboard_url. */
function linkProblems(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!isHttpUrl(config.grafana.url)) {
    problems.push({ path: ['grafana', 'url'], message: `${JSON.stringify(config.grafana.url)} is not an absolute http(s) URL` });
  }
  const patterns = [
    ['runbookUrlPattern', config.rules.runbookUrlPattern, 'vllmtargetdown'],
    ['dashboardUrlPattern', config.rules.dashboardUrlPattern, 'vllm-overview'],
  ] as const;
  for (const [key, pattern, sample] of patterns) {
    if (pattern !== undefined && !isHttpUrl(pattern.replace('%s', sample))) {
      const message = `${JSON.stringify(pattern)} does not make an absolute http(s) URL (%s is replaced by ${sample})`;
      problems.push({ path: ['rules', key], message });
    }
  }
  return problems;
}

export function alertingProblems(config: Config): ConfigProblem[] {
  const { alerting } = config;
  const problems: ConfigProblem[] = linkProblems(config);
  alerting.alertmanagers.forEach((address, i) => {
    const problem = hostPortProblem(address);
    if (problem) problems.push({ path: ['alerting', 'alertmanagers', i], message: problem });
  });
  const minor = minorOf(alerting.alertmanagerVersion);
  if (minor < OLDEST_ALERTMANAGER) {
    const message = `vllm-obs writes configs for Alertmanager 0.${OLDEST_ALERTMANAGER} or newer`;
    problems.push({ path: ['alerting', 'alertmanagerVersion'], message });
  }
  const seen = new Map<string, number>();
  alerting.receivers.forEach((receiver, i) => {
    const at = (key: string, ...rest: (string | number)[]) => ['alerting', 'receivers', i, key, ...rest];
    const first = seen.get(receiver.name);
    if (first !== undefined) {
      const message = `"${receiver.name}" is already used by alerting.receivers[${first}]; names must be unique`;
      problems.push({ path: at('name'), message });
    } else seen.set(receiver.name, i);
    if (receiver.name === NULL_RECEIVER) {
      const message = `"${NULL_RECEIVER}" is the receiver vllm-obs writes for info alerts; choose another name`;
      problems.push({ path: at('name'), message });
    }
    problems.push(...receiverProblems(receiver, minor, i));
  });
  return problems;
}

function receiverProblems(receiver: Receiver, minor: number, index: number): ConfigProblem[] {
  const at = (...keys: (string | number)[]) => ['alerting', 'receivers', index, ...keys];
  const problems: ConfigProblem[] = [];
  const integrations = [receiver.webhookUrl ?? receiver.webhookUrlFile, receiver.slack, receiver.pagerduty, receiver.email];
  if (integrations.every((integration) => integration === undefined)) {
    const message = 'has no webhookUrl, webhookUrlFile, slack, pagerduty or email; add one (a receiver without any notifies nobody)';
    problems.push({ path: at(), message });
  }
  if (receiver.webhookUrl !== undefined && receiver.webhookUrlFile !== undefined) {
    problems.push({ path: at('webhookUrlFile'), message: 'webhookUrl and webhookUrlFile exclude each other; keep one' });
  }
  if (receiver.webhookUrl !== undefined && !isHttpUrl(receiver.webhookUrl)) {
    problems.push({ path: at('webhookUrl'), message: `${JSON.stringify(receiver.webhookUrl)} is not an absolute http(s) URL` });
  } else if (receiver.webhookUrl !== undefined && hasCredentials(receiver.webhookUrl)) {
    const message =
      'carries credentials (user:password@); send a token with webhookBearerTokenFile, or put a secret URL in a file (webhookUrlFile)';
    problems.push({ path: at('webhookUrl'), message });
  }
  if (receiver.webhookUrlFile !== undefined && minor < WEBHOOK_URL_FILE_SINCE) {
    problems.push({
      path: at('webhookUrlFile'),
      message:
        `Alertmanager 0.${minor} has no url_file for webhooks (added in 0.${WEBHOOK_URL_FILE_SINCE}); ` +
        `set alerting.alertmanagerVersion: "0.${WEBHOOK_URL_FILE_SINCE}" if every Alertmanager you run is that new, ` +
        'or use webhookUrl (no secret in it) with webhookBearerTokenFile',
    });
  }
  if (receiver.webhookBearerTokenFile !== undefined && receiver.webhookUrl === undefined && receiver.webhookUrlFile === undefined) {
    const message = 'needs webhookUrl or webhookUrlFile (the token is sent to that webhook)';
    problems.push({ path: at('webhookBearerTokenFile'), message });
  }
  const { pagerduty, email } = receiver;
  if (pagerduty && (pagerduty.routingKeyFile === undefined) === (pagerduty.serviceKeyFile === undefined)) {
    problems.push({ path: at('pagerduty'), message: 'needs exactly one of routingKeyFile (Events API v2) and serviceKeyFile (v1)' });
  }
  if (email?.passwordFile !== undefined && email.username === undefined) {
    problems.push({ path: at('email', 'passwordFile'), message: 'needs email.username (SMTP authentication takes both)' });
  }
  if ('severity' in receiver.matchers) {
    problems.push({ path: at('matchers', 'severity'), message: 'severity is chosen with severities, not matchers' });
  }
  return problems;
}

function hasCredentials(url: string): boolean {
  const parsed = new URL(url);
  return parsed.username !== '' || parsed.password !== '';
}
