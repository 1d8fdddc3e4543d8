export type ArtifactKind =
  | 'dashboard'
  | 'prometheus-config'
  | 'rules'
  | 'rule-tests'
  | 'blackbox-config'
  | 'file-sd-targets'
  | 'grafana-datasources'
  | 'grafana-dashboard-provider'
  | 'kubernetes'
  | 'compose'
  | 'alertmanager-config'
  | 'alertmanager-route'
  | 'alertmanager-tests'
  | 'text';

/** One output file: where it goes (relative to output.dir, `/`-separated), what it is, its bytes,
 *  and the object it was serialised from so validators need not parse it again. */
export interface Artifact {
  readonly path: string;
  readonly kind: ArtifactKind;
  readonly content: string;
  readonly data?: unknown;
}
