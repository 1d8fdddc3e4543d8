// The targets a Prometheus running the generated prometheus.yml would scrape, with their final
// labels: static_configs through relabel_configs, as Prometheus applies them. The simulated fleet
// is built from these, so its series carry exactly the labels the dashboards and rules expect.
import { parse } from 'yaml';

/** `[{ job, interval, labels }]` for every static target of every scrape job. */
export function scrapeTargets(prometheusYml) {
  const config = parse(prometheusYml);
  return (config.scrape_configs ?? []).flatMap((job) => {
    const interval = job.scrape_interval ?? config.global?.scrape_interval ?? '1m';
    if (!job.static_configs) throw new Error(`scrape job ${job.job_name}: only static_configs can be simulated`);
    return job.static_configs.flatMap((group) =>
      (group.targets ?? []).map((address) => {
        const labels = relabel({ ...(group.labels ?? {}), job: job.job_name, __address__: address }, job.relabel_configs ?? []);
        return labels && { job: job.job_name, interval, labels: finalLabels(labels) };
      }),
    ).filter(Boolean);
  });
}

/** Prometheus relabelling (replace, keep, drop); undefined when the target is dropped. */
export function relabel(labels, configs) {
  const out = { ...labels };
  for (const config of configs) {
    const action = config.action ?? 'replace';
    const value = (config.source_labels ?? []).map((name) => out[name] ?? '').join(config.separator ?? ';');
    const regex = new RegExp(`^(?:${config.regex ?? '(.*)'})$`);
    const match = regex.exec(value);
    if (action === 'keep' && !match) return undefined;
    if (action === 'drop' && match) return undefined;
    if (action === 'replace' && match) {
      const result = expand(config.replacement ?? '$1', match);
      if (result === '') delete out[config.target_label];
      else out[config.target_label] = result;
    }
    if (!['replace', 'keep', 'drop'].includes(action)) throw new Error(`relabel action ${action} is not simulated`);
  }
  return out;
}

/** Go regexp Expand: `$1`, `${1}`, `$name`, `$$`. */
function expand(template, match) {
  return template.replace(/\$\$|\$\{(\w+)\}|\$(\w+)/g, (whole, braced, bare) => {
    if (whole === '$$') return '$';
    const key = braced ?? bare;
    return (/^\d+$/.test(key) ? match[Number(key)] : match.groups?.[key]) ?? '';
  });
}

/** `instance` defaults to the address; labels starting with __ are dropped after relabelling. */
function finalLabels(labels) {
  const out = { instance: labels.instance ?? labels.__address__ };
  for (const [name, value] of Object.entries(labels)) if (!name.startsWith('__')) out[name] = value;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}
