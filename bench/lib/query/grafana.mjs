// What Grafana sends to Prometheus when a dashboard refreshes: every visible Prometheus target of
// every panel, template variables resolved (All, as the dashboards open), and the interval macros
// computed as Grafana computes them.

/** Panels inside rows (collapsed rows keep theirs in `panels`) flattened, in dashboard order. */
function allPanels(panels = []) {
  return panels.flatMap((panel) => [panel, ...allPanels(panel.panels)]);
}

/** `[{ panel, refId, expr, instant, minInterval }]` of a dashboard JSON. */
export function panelQueries(dashboard) {
  return allPanels(dashboard.panels).flatMap((panel) =>
    (panel.targets ?? [])
      .filter((target) => typeof target.expr === 'string' && target.expr.trim() !== '' && !target.hide)
      .map((target) => ({
        panel: panel.title ?? '',
        refId: target.refId ?? '',
        expr: target.expr,
        instant: target.instant === true && target.range !== true,
        minInterval: target.interval || panel.interval || undefined,
      })),
  );
}

/** Grafana's step: about range/1000 (maxDataPoints), rounded up to a multiple of the scrape
 *  interval, never below a target's min interval. */
export function stepFor(rangeSeconds, scrapeSeconds, minIntervalSeconds = 0) {
  const raw = Math.max(rangeSeconds / 1000, minIntervalSeconds);
  return Math.max(scrapeSeconds, Math.ceil(raw / scrapeSeconds) * scrapeSeconds);
}

/** $__rate_interval = max(4 × scrape interval, $__interval + scrape interval) (grafana/grafana#77234). */
export function rateIntervalFor(stepSeconds, scrapeSeconds) {
  return Math.max(4 * scrapeSeconds, stepSeconds + scrapeSeconds);
}

/** Grafana's regex escape for Prometheus multi-value variables (prometheusSpecialRegexEscape). */
export function regexEscape(value) {
  return value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
}

/** Single-value escape (prometheusRegularEscape). */
function plainEscape(value) {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\\\'");
}

/**
 * Resolves the dashboard's variables in order, as a dashboard opened with its defaults does: All
 * where the variable offers All (its custom all value, else every value it lists), else the first
 * value. `listValues(label, matchSelector)` answers label_values() queries.
 */
export async function resolveVariables(dashboard, listValues) {
  const values = new Map();
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type === 'datasource') continue;
    if (variable.type === 'constant' || variable.type === 'custom' || variable.type === 'textbox') {
      values.set(variable.name, formatValue(variable, [String(variable.current?.value ?? variable.query ?? '')]));
      continue;
    }
    if (variable.type !== 'query') throw new Error(`variable ${variable.name}: type ${variable.type} is not simulated`);
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    const match = /^label_values\((?:(.*),\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\s*\)$/.exec(query.trim());
    if (!match) throw new Error(`variable ${variable.name}: only label_values() queries are simulated, got ${query}`);
    const isAll = variable.includeAll && [variable.current?.value].flat().includes('$__all');
    if (isAll && variable.allValue) {
      values.set(variable.name, variable.allValue);
      continue;
    }
    const listed = await listValues(match[2], match[1] ? interpolate(match[1], values, {}) : undefined);
    if (listed.length === 0) throw new Error(`variable ${variable.name}: ${query} lists no values`);
    values.set(variable.name, formatValue(variable, isAll ? listed : listed.slice(0, 1)));
  }
  return values;
}

function formatValue(variable, list) {
  if (!variable.multi && !variable.includeAll) return plainEscape(list[0]);
  const escaped = list.map(regexEscape);
  return escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
}

/**
 * Replaces `$var`, `${var}`, `${var:regex}` and `[[var]]` by resolved variables and the interval
 * macros by `macros` (name without `$` → text). Unknown names are an error unless `unknown` maps
 * them: a query sent with a literal `$x` would measure nothing.
 */
export function interpolate(expr, variables, macros, unknown) {
  return expr.replace(/\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)\]\]|\$(\w+)/g, (whole, braced, format, bracketed, bare) => {
    const name = braced ?? bracketed ?? bare;
    if (format && format !== 'regex') throw new Error(`variable format ${format} is not simulated: ${expr}`);
    if (name in macros) return macros[name];
    if (variables.has(name)) return variables.get(name);
    if (unknown) return unknown(name);
    throw new Error(`unknown variable $${name} in ${expr}`);
  });
}

/** The macros of one query: `$__interval`, `$__rate_interval`, `$__range` and their _ms/_s forms. */
export function macrosFor({ rangeSeconds, stepSeconds, rateIntervalSeconds }) {
  return {
    __interval: `${stepSeconds}s`,
    __interval_ms: String(stepSeconds * 1000),
    __rate_interval: `${rateIntervalSeconds}s`,
    __rate_interval_ms: String(rateIntervalSeconds * 1000),
    __range: `${rangeSeconds}s`,
    __range_s: String(rangeSeconds),
    __range_ms: String(rangeSeconds * 1000),
  };
}
