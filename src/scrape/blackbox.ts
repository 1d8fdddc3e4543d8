// blackbox-exporter's module for vLLM /health: 200 is healthy; vLLM answers 503 when the engine is
// dead, and refuses connections while the model loads; both make probe_success 0.
import type { Setup } from '../model/index.js';
import { tlsConfig } from './jobs.js';

/** The exporter also caps a probe at the scrape timeout; /health answers at once when it answers. */
const PROBE_TIMEOUT = '5s';

export function blackboxConfig(setup: Setup): Record<string, unknown> {
  const { health, scrape } = setup.config;
  return {
    modules: {
      [health.module]: {
        prober: 'http',
        timeout: PROBE_TIMEOUT,
        http: {
          method: 'GET',
          valid_status_codes: [200],
          // A redirect means something other than vLLM answered (an auth proxy, a login page).
          follow_redirects: false,
          preferred_ip_protocol: 'ip4',
          ...(scrape.scheme === 'https' && scrape.tls ? { tls_config: tlsConfig(scrape.tls) } : {}),
        },
      },
    },
  };
}
