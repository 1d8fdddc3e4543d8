// Receivers from alerting.receivers[]. Secrets are only ever referenced: in alertmanager.yml as the
// *_file keys Alertmanager 0.25 knows (slack api_url_file, pagerduty routing_key_file/service_key_file,
// email auth_password_file, http_config authorization credentials_file; webhook url_file only from
// 0.26), and in the AlertmanagerConfig as keys of one Kubernetes Secret.
import { NULL_RECEIVER } from '../config/alerting.js';
import type { Config } from '../config/types.js';
import type { Receiver, SecretRef } from './types.js';

export { NULL_RECEIVER };

type ReceiverConfig = Config['alerting']['receivers'][number];

/** The Secret key holding one of a receiver's secrets: `<receiver>-<what>`. */
export function secretKey(receiver: string, what: string): string {
  return `${receiver}-${what}`;
}

function secret(receiver: string, what: string, file: string): SecretRef {
  return { file, key: secretKey(receiver, what) };
}

export function receiverOf(config: ReceiverConfig): Receiver {
  const { name } = config;
  const pagerduty = config.pagerduty;
  const email = config.email;
  const hasWebhook = config.webhookUrl !== undefined || config.webhookUrlFile !== undefined;
  return {
    name,
    sendResolved: config.sendResolved,
    ...(hasWebhook
      ? {
          webhook: {
            url: config.webhookUrl,
            urlFile: config.webhookUrlFile,
            urlKey: secretKey(name, 'webhook-url'),
            ...(config.webhookBearerTokenFile ? { bearerToken: secret(name, 'webhook-bearer-token', config.webhookBearerTokenFile) } : {}),
          },
        }
      : {}),
    ...(config.slack ? { slack: { apiUrl: secret(name, 'slack-api-url', config.slack.apiUrlFile), channel: config.slack.channel } } : {}),
    ...(pagerduty
      ? {
          pagerduty: {
            ...(pagerduty.routingKeyFile ? { routingKey: secret(name, 'pagerduty-routing-key', pagerduty.routingKeyFile) } : {}),
            ...(pagerduty.serviceKeyFile ? { serviceKey: secret(name, 'pagerduty-service-key', pagerduty.serviceKeyFile) } : {}),
          },
        }
      : {}),
    ...(email
      ? {
          email: {
            to: email.to,
            from: email.from,
            smarthost: email.smarthost,
            username: email.username,
            ...(email.passwordFile ? { password: secret(name, 'email-password', email.passwordFile) } : {}),
            requireTls: email.requireTls,
          },
        }
      : {}),
  };
}

/** A receiver as alertmanager.yml writes it. */
export function receiverYaml(receiver: Receiver): Record<string, unknown> {
  const { webhook, slack, pagerduty, email } = receiver;
  const resolved = { send_resolved: receiver.sendResolved };
  return {
    name: receiver.name,
    ...(webhook
      ? {
          webhook_configs: [
            {
              ...(webhook.url !== undefined ? { url: webhook.url } : { url_file: webhook.urlFile }),
              ...resolved,
              ...(webhook.bearerToken
                ? { http_config: { authorization: { type: 'Bearer', credentials_file: webhook.bearerToken.file } } }
                : {}),
            },
          ],
        }
      : {}),
    ...(slack ? { slack_configs: [{ api_url_file: slack.apiUrl.file, channel: slack.channel, ...resolved }] } : {}),
    ...(pagerduty
      ? {
          pagerduty_configs: [
            {
              ...(pagerduty.routingKey
                ? { routing_key_file: pagerduty.routingKey.file }
                : { service_key_file: pagerduty.serviceKey!.file }),
              ...resolved,
            },
          ],
        }
      : {}),
    ...(email
      ? {
          email_configs: [
            {
              to: email.to,
              from: email.from,
              smarthost: email.smarthost,
              ...(email.username ? { auth_username: email.username } : {}),
              ...(email.password ? { auth_password_file: email.password.file } : {}),
              require_tls: email.requireTls,
              ...resolved,
            },
          ],
        }
      : {}),
  };
}

/** A receiver as the AlertmanagerConfig (monitoring.coreos.com/v1alpha1) writes it. */
export function receiverCrd(receiver: Receiver, secretName: string): Record<string, unknown> {
  const { webhook, slack, pagerduty, email } = receiver;
  const ref = (key: string) => ({ name: secretName, key });
  const resolved = { sendResolved: receiver.sendResolved };
  return {
    name: receiver.name,
    ...(webhook
      ? {
          webhookConfigs: [
            {
              urlSecret: ref(webhook.urlKey),
              ...resolved,
              ...(webhook.bearerToken
                ? { httpConfig: { authorization: { type: 'Bearer', credentials: ref(webhook.bearerToken.key) } } }
                : {}),
            },
          ],
        }
      : {}),
    ...(slack ? { slackConfigs: [{ apiURL: ref(slack.apiUrl.key), channel: slack.channel, ...resolved }] } : {}),
    ...(pagerduty
      ? {
          pagerdutyConfigs: [
            {
              ...(pagerduty.routingKey ? { routingKey: ref(pagerduty.routingKey.key) } : { serviceKey: ref(pagerduty.serviceKey!.key) }),
              ...resolved,
            },
          ],
        }
      : {}),
    ...(email
      ? {
          emailConfigs: [
            {
              to: email.to,
              from: email.from,
              smarthost: email.smarthost,
              ...(email.username ? { authUsername: email.username } : {}),
              ...(email.password ? { authPassword: ref(email.password.key) } : {}),
              requireTLS: email.requireTls,
              ...resolved,
            },
          ],
        }
      : {}),
  };
}

/** The Secret keys the AlertmanagerConfig reads, for the README and the user's `kubectl create secret`. */
export function secretKeys(receivers: readonly Receiver[]): string[] {
  return receivers.flatMap((r) => [
    ...(r.webhook ? [r.webhook.urlKey, ...(r.webhook.bearerToken ? [r.webhook.bearerToken.key] : [])] : []),
    ...(r.slack ? [r.slack.apiUrl.key] : []),
    ...(r.pagerduty?.routingKey ? [r.pagerduty.routingKey.key] : []),
    ...(r.pagerduty?.serviceKey ? [r.pagerduty.serviceKey.key] : []),
    ...(r.email?.password ? [r.email.password.key] : []),
  ]);
}
