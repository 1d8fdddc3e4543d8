// The one JSON Schema of vllm-obs.yaml. ajv validates with it, fills defaults from it, and the
// TypeScript `Config` type is derived from it (types.ts), so a key is declared exactly once.

/** Prometheus' own duration grammar (model.ParseDuration): each unit at most once, largest first. */
export const DURATION_PATTERN = '^(?!$)([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?$';

const duration = {
  type: 'string',
  pattern: DURATION_PATTERN,
  description: 'Prometheus duration, e.g. 15s, 1m, 1h30m',
} as const;

const labelName = '^[a-zA-Z_][a-zA-Z0-9_]*$';
const jobName = '^[a-zA-Z0-9_.-]+$';
const absolutePath = '^/';
const deploymentName = '^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$';
const lowerDashName = '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$';
const kubernetesLabelKey = '^([a-z0-9.-]+/)?[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9])?$';

/** What each pattern asks for, in words. Messages say this; a key's description says what it is for. */
export const PATTERN_RULES: Readonly<Record<string, string>> = {
  [DURATION_PATTERN]: 'a Prometheus duration such as 15s, 1m or 1h30m (units y, w, d, h, m, s, ms, each once, largest first)',
  [labelName]: 'a label name: letters, digits and "_", not starting with a digit',
  [jobName]: 'letters, digits, "_", "." and "-"',
  [absolutePath]: 'a path starting with "/"',
  '^[a-zA-Z0-9_]+$': 'letters, digits and "_"',
  [deploymentName]: 'letters, digits, ".", "_" and "-", starting and ending with a letter or digit',
  [lowerDashName]: 'lower-case letters, digits and "-", starting and ending with a letter or digit',
  '^[a-zA-Z0-9_-]{1,40}$': '1 to 40 letters, digits, "_" and "-"',
  '^[a-z0-9-]{0,20}$': 'at most 20 lower-case letters, digits and "-"',
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$': 'a Kubernetes name: lower-case letters, digits and "-", starting and ending with a letter or digit',
  [kubernetesLabelKey]: 'a Kubernetes label key: an optional DNS prefix and "/", then letters, digits, "_", "." and "-"',
};

const labelMap = {
  type: 'object',
  propertyNames: { pattern: labelName },
  additionalProperties: { type: 'string' },
  default: {},
} as const;

const hostPort = {
  type: 'string',
  minLength: 1,
  description: 'host:port',
} as const;

const filePath = { type: 'string', minLength: 1 } as const;

const alertOverride = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean', description: 'false removes the alert and its tests' },
    threshold: { type: 'number', description: 'the value the alert compares against' },
    for: { ...duration, description: 'how long the condition must hold before firing' },
    severity: { enum: ['critical', 'warning', 'info'], description: 'critical pages, warning tickets, info is not routed' },
    labels: { ...labelMap, description: 'extra labels, e.g. team: ml-platform' },
  },
} as const;

/** Alert names accepted under rules.alerts; the rules builder defines their defaults. */
export const ALERT_NAMES = [
  'VllmTargetDown',
  'VllmMetricsAbsent',
  'VllmHealthCheckFailing',
  'VllmHighErrorRatio',
  'VllmHighHTTP5xxRatio',
  'VllmHighE2ELatencyP95',
  'VllmHighTimeToFirstToken',
  'VllmHighInterTokenLatency',
  'VllmKVCacheNearFull',
  'VllmRequestQueueBacklog',
  'VllmPreemptionsHigh',
  'VllmNoThroughput',
] as const;

const tlsConfig = {
  type: 'object',
  additionalProperties: false,
  properties: {
    caFile: { ...filePath, description: 'CA certificate file' },
    certFile: { ...filePath, description: 'client certificate file (with keyFile)' },
    keyFile: { ...filePath, description: 'client key file (with certFile)' },
    serverName: { type: 'string', description: 'expected server name (SNI)' },
    insecureSkipVerify: { type: 'boolean', description: 'skip certificate verification (avoid)' },
  },
} as const;

const severityRoute = { type: 'string', enum: ['critical', 'warning'] } as const;

/** A notification integration reads its secret from a file Alertmanager can read; never inline. */
const receiver = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: {
      type: 'string',
      pattern: '^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$',
      maxLength: 50,
      description: 'receiver name: letters, digits, "_", "." and "-" (it also names the Kubernetes Secret keys)',
    },
    severities: {
      type: 'array',
      items: severityRoute,
      minItems: 1,
      uniqueItems: true,
      default: ['critical', 'warning'],
      description: 'severities this receiver gets (critical pages, warning tickets; info is never routed)',
    },
    matchers: { ...labelMap, description: 'extra label matchers (equality) this receiver also requires, e.g. team: ml-platform' },
    sendResolved: { type: 'boolean', default: true, description: 'also notify when the alert resolves' },
    webhookUrl: { type: 'string', pattern: '^https?://[^\\s]+$', description: 'webhook URL without credentials in it (it is written as is)' },
    webhookUrlFile: { ...filePath, description: 'file holding the webhook URL (secret URLs; Alertmanager 0.26 or newer)' },
    webhookBearerTokenFile: { ...filePath, description: 'file holding a bearer token sent with each webhook request' },
    slack: {
      type: 'object',
      additionalProperties: false,
      required: ['apiUrlFile', 'channel'],
      properties: {
        apiUrlFile: { ...filePath, description: 'file holding the Slack incoming-webhook URL' },
        channel: { type: 'string', minLength: 1, description: 'channel or user, e.g. #vllm-alerts' },
      },
    },
    pagerduty: {
      type: 'object',
      additionalProperties: false,
      properties: {
        routingKeyFile: { ...filePath, description: 'file holding the Events API v2 integration (routing) key' },
        serviceKeyFile: { ...filePath, description: 'file holding the Events API v1 service key' },
      },
    },
    email: {
      type: 'object',
      additionalProperties: false,
      required: ['to', 'from', 'smarthost'],
      properties: {
        to: { type: 'string', minLength: 1, description: 'recipient address(es), comma-separated' },
        from: { type: 'string', minLength: 1, description: 'sender address' },
        smarthost: { ...hostPort, description: 'SMTP server host:port' },
        username: { type: 'string', minLength: 1, description: 'SMTP user (with passwordFile)' },
        passwordFile: { ...filePath, description: 'file holding the SMTP password' },
        requireTls: { type: 'boolean', default: true, description: 'require STARTTLS' },
      },
    },
  },
} as const;

const alerting = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'Alertmanager: where Prometheus sends alerts, routing by severity, inhibition, receivers',
  properties: {
    alertmanagers: {
      type: 'array',
      items: hostPort,
      default: ['localhost:9093'],
      description: 'host:port of each Alertmanager (prometheus.yml alerting block); empty = send nowhere',
    },
    scheme: { enum: ['http', 'https'], default: 'http', description: 'scheme Prometheus uses to reach the Alertmanagers' },
    pathPrefix: { type: 'string', pattern: '^/', default: '/', description: 'path prefix of the Alertmanager API (its --web.route-prefix)' },
    timeout: { ...duration, default: '10s', description: 'timeout of each push to an Alertmanager' },
    alertmanagerVersion: {
      type: 'string',
      pattern: '^0\\.[0-9]+$',
      default: '0.25',
      description: 'oldest Alertmanager release the generated config must load in (0.25 is Debian 12\'s); webhookUrlFile needs 0.26',
    },
    groupWait: { ...duration, default: '30s', description: 'how long a new group waits to collect alerts before its first notification' },
    groupInterval: { ...duration, default: '5m', description: 'wait before notifying about alerts added to a group already notified' },
    repeatInterval: { ...duration, default: '4h', description: 'wait before repeating a notification that is still firing' },
    receivers: {
      type: 'array',
      items: receiver,
      default: [],
      description: 'who gets notified; the first one also gets what no other receiver matches (the default route). Empty = nobody',
    },
  },
} as const;

export const configSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://vllm-obs.dev/schema/vllm-obs.json',
  title: 'vllm-obs configuration',
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    vllm: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        version: {
          type: 'string',
          minLength: 1,
          description: 'vLLM release of the fleet ("0.11") or a range for mixed fleets (">=0.10 <0.13"); default newest',
        },
        metricPrefix: {
          enum: ['vllm:', 'vllm_', 'ray_vllm_'],
          default: 'vllm:',
          description:
            "vllm: as vLLM writes it; vllm_ from vLLM's Ray metrics logger (Ray Serve LLM), which replaces ':' with '_'; ray_vllm_ when those are scraped from Ray's Prometheus exporter, which adds ray_",
        },
        features: {
          type: 'object',
          additionalProperties: false,
          default: {},
          description: 'optional vLLM subsystems the fleet runs; each adds a dashboard row',
          properties: {
            speculativeDecoding: { type: 'boolean', default: false, description: 'speculative decoding row (acceptance rate, acceptance length)' },
            lora: { type: 'boolean', default: false, description: 'LoRA adapters row (--enable-lora)' },
            multimodal: { type: 'boolean', default: false, description: 'multimodal cache row' },
          },
        },
      },
    },
    scrape: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        jobName: { type: 'string', minLength: 1, pattern: jobName, default: 'vllm', description: 'a job name of letters, digits, "_", "." and "-"' },
        targets: {
          type: 'array',
          items: hostPort,
          default: ['localhost:8000'],
          description: 'static host:port list of vLLM servers',
        },
        interval: { ...duration, default: '15s', description: 'scrape interval (also Grafana\'s timeInterval, so $__rate_interval fits)' },
        timeout: { ...duration, default: '10s', description: 'scrape timeout, at most the interval; unset: 10s, or the interval when shorter (as Prometheus does)' },
        metricsPath: { type: 'string', pattern: absolutePath, default: '/metrics', description: 'path of the metrics endpoint (vLLM serves it on the API port)' },
        scheme: { enum: ['http', 'https'], default: 'http', description: 'scheme for /metrics and the /health probe' },
        discovery: {
          enum: ['static', 'file_sd', 'kubernetes'],
          default: 'static',
          description: 'static targets, file_sd target files written to prometheus/targets/, or Kubernetes SD',
        },
        fileSdRefreshInterval: { ...duration, default: '1m', description: 'how often Prometheus rereads the file_sd target files' },
        kubernetes: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            role: { enum: ['pod', 'endpoints'], default: 'pod', description: 'Kubernetes SD role' },
            namespaces: { type: 'array', items: { type: 'string', minLength: 1 }, default: [], description: 'namespaces to discover in; empty = all' },
            labelSelector: { type: 'string', default: 'app.kubernetes.io/name=vllm', description: 'label selector of the vLLM pods' },
            portName: { type: 'string', default: 'http', description: 'container port name that serves /metrics' },
            useAnnotations: {
              type: 'boolean',
              default: false,
              description: 'keep only pods annotated prometheus.io/scrape: "true" (port from prometheus.io/port)',
            },
          },
        },
        tls: tlsConfig,
        bearerTokenFile: { ...filePath, description: 'file holding a bearer token (vLLM --api-key does not protect /metrics)' },
        basicAuth: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'passwordFile'],
          properties: { username: { type: 'string', minLength: 1, description: 'basic-auth user' }, passwordFile: { ...filePath, description: 'file holding the password' } },
        },
      },
    },
    health: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'blackbox-exporter probing of each vLLM /health',
      properties: {
        enabled: { type: 'boolean', default: true, description: 'probe /health with blackbox-exporter' },
        path: { type: 'string', pattern: absolutePath, default: '/health', description: 'probed path: 200 healthy, 503 engine dead (500 and exit up to vLLM 0.10)' },
        jobName: { type: 'string', minLength: 1, pattern: jobName, default: 'vllm-health', description: 'a job name of letters, digits, "_", "." and "-"' },
        blackboxExporter: { ...hostPort, default: 'localhost:9115', description: 'host:port of the blackbox-exporter' },
        module: { type: 'string', pattern: '^[a-zA-Z0-9_]+$', default: 'vllm_health', description: 'blackbox module name written to blackbox.yml' },
        interval: { ...duration, default: '15s', description: 'probe interval' },
      },
    },
    extraJobs: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        prometheus: { type: 'boolean', default: false, description: 'scrape Prometheus itself' },
        prometheusTarget: { ...hostPort, default: 'localhost:9090', description: 'host:port of Prometheus for its own job' },
        dcgm: { type: 'boolean', default: false, description: 'scrape the NVIDIA DCGM exporter for GPU metrics' },
        dcgmTargets: { type: 'array', items: hostPort, default: ['localhost:9400'], description: 'host:port list of DCGM exporters' },
      },
    },
    cluster: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        label: { type: 'string', pattern: labelName, default: 'cluster', description: 'name of the cluster label (external label, kept by every rule)' },
        name: {
          type: 'string',
          default: '',
          description: 'this Prometheus\'s cluster, written as external label; empty = single cluster',
        },
        multi: {
          type: 'boolean',
          default: false,
          description: 'show the cluster variable and keep the cluster label in rules (Thanos/Mimir fleets)',
        },
      },
    },
    externalLabels: { ...labelMap, description: 'extra Prometheus external labels' },
    deployments: {
      type: 'array',
      default: [],
      description: 'named vLLM deployments (model x cluster); each becomes a labelled target group',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: {
            type: 'string',
            minLength: 1,
            maxLength: 63,
            pattern: deploymentName,
            description: 'a name of letters, digits, ".", "_" and "-" (it names files and Kubernetes objects; no "/" or "..")',
          },
          model: { type: 'string', minLength: 1, description: 'served model name (model_name label); when deployments name models, slos[].model must be one of them' },
          cluster: { type: 'string', description: 'cluster label value of these targets' },
          namespace: { type: 'string', description: 'namespace label value of these targets' },
          targets: { type: 'array', items: hostPort, default: [], description: 'host:port list of this deployment' },
          labels: { ...labelMap, description: 'extra target labels' },
        },
      },
    },
    rules: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        evaluationInterval: { ...duration, default: '30s', description: 'rule group evaluation interval' },
        flavour: {
          enum: ['prometheus', 'thanos', 'mimir'],
          default: 'prometheus',
          description: 'thanos adds partial_response_strategy; mimir adds a namespace per file',
        },
        mimirNamespace: { type: 'string', minLength: 1, default: 'vllm-obs', description: 'Mimir ruler namespace prefix (flavour mimir)' },
        labels: { ...labelMap, description: 'labels added to every alert' },
        runbookUrlPattern: {
          type: 'string',
          minLength: 1,
          description: '%s is replaced by the lower-case alert name; default: the alert\'s panel of the generated runbook dashboard at grafana.url',
        },
        dashboardUrlPattern: {
          type: 'string',
          minLength: 1,
          description: '%s is replaced by the dashboard uid; default: <grafana.url>/d/%s',
        },
        alerts: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: Object.fromEntries(ALERT_NAMES.map((n) => [n, alertOverride])) as {
            [K in (typeof ALERT_NAMES)[number]]: typeof alertOverride;
          },
        },
      },
    },
    slos: {
      type: 'array',
      description: 'service-level objectives; each gets burn-rate alerts and an SLO dashboard row',
      default: [
        { name: 'availability', kind: 'availability', objective: 99.5 },
        { name: 'ttft', kind: 'latency', objective: 99, latency: 'ttft', threshold: 2.5 },
      ],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'kind', 'objective'],
        properties: {
          name: { type: 'string', pattern: lowerDashName, maxLength: 63, description: 'lower-case letters, digits and "-" (the slo label value)' },
          kind: { enum: ['availability', 'latency'], description: 'availability: non-error share of finished requests; latency: share under threshold' },
          objective: {
            type: 'number',
            minimum: 50,
            exclusiveMaximum: 100,
            description: 'share of good events: a percent (99.5 or "99.5%") or a fraction below 1 (0.995); 1 to under 50 is refused as ambiguous',
          },
          model: { type: 'string', minLength: 1, description: 'restrict to one model_name; default all' },
          latency: { enum: ['e2e', 'ttft', 'itl'], default: 'e2e', description: 'which latency histogram a latency SLO reads' },
          threshold: { type: 'number', exclusiveMinimum: 0, description: 'seconds; must be a bucket bound' },
          period: { ...duration, default: '30d', description: 'SLO period (error budget window), at least 3d' },
          minRequests: {
            type: 'number',
            minimum: 0,
            default: 0,
            description: 'low-traffic guard: burn-rate alerts need this many requests in the long window',
          },
        },
      },
    },
    alerting,
    grafana: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        folder: { type: 'string', minLength: 1, default: 'vLLM', description: 'Grafana folder of the dashboards' },
        datasourceName: { type: 'string', minLength: 1, default: 'Prometheus', description: 'name of the provisioned datasource' },
        datasourceUid: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,40}$', default: 'prometheus', description: 'uid of the provisioned datasource (the dashboards\' default)' },
        datasourceUrl: { type: 'string', minLength: 1, default: 'http://localhost:9090', description: 'Prometheus/Thanos/Mimir query URL; ${VAR} is expanded by Grafana' },
        prometheusType: { enum: ['Prometheus', 'Thanos', 'Mimir', 'Cortex'], default: 'Prometheus', description: 'jsonData.prometheusType of the datasource' },
        dashboardsPath: { type: 'string', pattern: absolutePath, default: '/var/lib/grafana/dashboards/vllm', description: 'where Grafana reads the dashboard JSON files' },
        refresh: { type: 'string', default: '30s', description: 'dashboard auto-refresh' },
        timeFrom: { type: 'string', default: 'now-1h', description: 'default time range start' },
        uidPrefix: { type: 'string', pattern: '^[a-z0-9-]{0,20}$', default: 'vllm', description: 'prefix of the dashboard uids (vllm-overview, …)' },
        url: {
          type: 'string',
          pattern: '^https?://[^\\s]+$',
          default: 'http://localhost:3000',
          description: 'Grafana\'s public base URL; every alert\'s runbook_url and dashboard_url starts with it (the compose stack serves it here)',
        },
      },
    },
    kubernetes: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: false, description: 'write kubernetes/ manifests; unset: on when scrape.discovery is kubernetes, off otherwise' },
        namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63, default: 'monitoring', description: 'namespace of the generated objects' },
        labels: { ...labelMap, description: 'added to every object, e.g. release: kube-prometheus-stack' },
        monitor: { enum: ['ServiceMonitor', 'PodMonitor'], default: 'PodMonitor', description: 'how the Operator finds vLLM' },
        selector: {
          type: 'object',
          propertyNames: { pattern: kubernetesLabelKey },
          additionalProperties: { type: 'string' },
          default: { 'app.kubernetes.io/name': 'vllm' },
          description: 'matchLabels of the vLLM pods or services',
        },
        namespaces: { type: 'array', items: { type: 'string' }, default: [], description: 'namespaces of the vLLM pods' },
        port: { type: 'string', minLength: 1, default: 'http', description: 'port name serving /metrics' },
        proberUrl: { type: 'string', default: 'prometheus-blackbox-exporter:9115', description: 'blackbox-exporter host:port inside the cluster' },
        folderAnnotation: { type: 'string', default: 'grafana_folder', description: 'annotation the Grafana sidecar reads for the folder' },
        alertingSecret: {
          type: 'string',
          pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
          maxLength: 253,
          default: 'vllm-obs-alerting',
          description: 'Secret in kubernetes.namespace holding the receivers\' URLs and keys, read by the AlertmanagerConfig',
        },
      },
    },
    output: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        dir: { type: 'string', minLength: 1, default: 'out', description: 'output directory (relative to the working directory)' },
      },
    },
  },
} as const;
