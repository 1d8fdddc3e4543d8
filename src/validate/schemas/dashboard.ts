// JSON Schema of a classic Grafana dashboard as vllm-obs writes it. Written by hand from the
// Grafana Foundation SDK's TypeScript types (@grafana/grafana-foundation-sdk 0.0.21,
// dist/dashboard/types.gen.d.ts and dist/prometheus/types.gen.d.ts), and tied to them at compile
// time: each `properties` object must name exactly the keys of its SDK interface (`satisfies
// KeysOf<…>`), each `required` list only keys the SDK requires, and each enum every value of its
// SDK enum. An SDK upgrade that adds, drops or renames a key fails `tsc` here instead of letting a
// typo through. Objects are closed: Grafana ignores unknown keys, so a misspelt one would be lost
// silently. Panel `options` and field `custom` stay open (they are per panel plugin).
import type * as common from '@grafana/grafana-foundation-sdk/common';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';

/** Every data key of T (methods such as Dataquery's variant marker are not JSON). */
type DataKeys<T> = { [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? never : K }[keyof T];
type KeysOf<T> = Record<DataKeys<T>, object>;
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
/** A, when its values are exactly those of the enum T (compared as text: numeric enums too). */
type Exhaustive<T extends string | number, A extends readonly (string | number)[]> =
  [Exclude<`${T}`, `${A[number]}`>] extends [never] ? ([Exclude<`${A[number]}`, `${T}`>] extends [never] ? A : never) : never;

/** The values of an SDK enum, all of them and nothing else (checked by the compiler). */
function enumOf<T extends string | number>() {
  return <const A extends readonly (string | number)[]>(values: A & Exhaustive<T, A>) => ({ enum: values as A });
}

const ANY = {} as const;
const string = { type: 'string' } as const;
const boolean = { type: 'boolean' } as const;
const number = { type: 'number' } as const;
const integer = { type: 'integer' } as const;
const strings = { type: 'array', items: string } as const;
const stringOrStrings = { anyOf: [string, strings] } as const;
const object = { type: 'object' } as const;

const datasourceRef = {
  type: 'object',
  additionalProperties: false,
  properties: { type: string, uid: string } satisfies KeysOf<common.DataSourceRef>,
} as const;

const gridPos = {
  type: 'object',
  additionalProperties: false,
  required: ['h', 'w', 'x', 'y'] satisfies RequiredKeys<dashboard.GridPos>[],
  properties: {
    h: { type: 'integer', minimum: 1 },
    w: { type: 'integer', minimum: 1, maximum: 24 },
    x: { type: 'integer', minimum: 0, maximum: 23 },
    y: { type: 'integer', minimum: 0 },
    static: boolean,
  } satisfies KeysOf<dashboard.GridPos>,
} as const;

const dashboardLink = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'type', 'icon', 'tooltip', 'tags', 'asDropdown', 'targetBlank', 'includeVars', 'keepTime'] satisfies RequiredKeys<dashboard.DashboardLink>[],
  properties: {
    title: string,
    type: enumOf<dashboard.DashboardLinkType>()(['link', 'dashboards']),
    icon: string,
    tooltip: string,
    url: string,
    tags: strings,
    asDropdown: boolean,
    placement: enumOf<dashboard.DashboardLinkPlacement>()(['inControlsMenu']),
    targetBlank: boolean,
    includeVars: boolean,
    keepTime: boolean,
  } satisfies KeysOf<dashboard.DashboardLink>,
} as const;

const matcherConfig = {
  type: 'object',
  additionalProperties: false,
  required: ['id'] satisfies RequiredKeys<dashboard.MatcherConfig>[],
  properties: { id: string, options: ANY } satisfies KeysOf<dashboard.MatcherConfig>,
} as const;

const thresholds = {
  type: 'object',
  additionalProperties: false,
  required: ['mode', 'steps'] satisfies RequiredKeys<dashboard.ThresholdsConfig>[],
  properties: {
    mode: enumOf<dashboard.ThresholdsMode>()(['absolute', 'percentage']),
    steps: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['value', 'color'] satisfies RequiredKeys<dashboard.Threshold>[],
        properties: { value: { type: ['number', 'null'] }, color: string } satisfies KeysOf<dashboard.Threshold>,
      },
    },
  } satisfies KeysOf<dashboard.ThresholdsConfig>,
} as const;

const fieldColor = {
  type: 'object',
  additionalProperties: false,
  required: ['mode'] satisfies RequiredKeys<dashboard.FieldColor>[],
  properties: {
    mode: enumOf<dashboard.FieldColorModeId>()([
      'thresholds', 'palette-classic', 'palette-classic-by-name', 'continuous-GrYlRd', 'continuous-RdYlGr',
      'continuous-BlYlRd', 'continuous-YlRd', 'continuous-BlPu', 'continuous-YlBl', 'continuous-blues',
      'continuous-reds', 'continuous-greens', 'continuous-purples', 'fixed', 'shades',
    ]),
    fixedColor: string,
    seriesBy: enumOf<dashboard.FieldColorSeriesByMode>()(['min', 'max', 'last']),
  } satisfies KeysOf<dashboard.FieldColor>,
} as const;

const valueMapping = {
  type: 'object',
  required: ['type', 'options'],
  properties: { type: enumOf<dashboard.MappingType>()(['value', 'range', 'regex', 'special']), options: object },
} as const;

const fieldConfig = {
  type: 'object',
  additionalProperties: false,
  properties: {
    displayName: string,
    displayNameFromDS: string,
    description: string,
    path: string,
    writeable: boolean,
    filterable: boolean,
    unit: string,
    decimals: integer,
    min: number,
    max: number,
    mappings: { type: 'array', items: valueMapping },
    thresholds,
    color: fieldColor,
    links: { type: 'array', items: dashboardLink },
    actions: { type: 'array', items: object },
    noValue: string,
    custom: object,
    fieldMinMax: boolean,
  } satisfies KeysOf<dashboard.FieldConfig>,
} as const;

const fieldConfigSource = {
  type: 'object',
  additionalProperties: false,
  required: ['defaults', 'overrides'] satisfies RequiredKeys<dashboard.FieldConfigSource>[],
  properties: {
    defaults: fieldConfig,
    overrides: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['matcher', 'properties'],
        properties: {
          __systemRef: string,
          matcher: matcherConfig,
          properties: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id'] satisfies RequiredKeys<dashboard.DynamicConfigValue>[],
              properties: { id: string, value: ANY } satisfies KeysOf<dashboard.DynamicConfigValue>,
            },
          },
        } satisfies KeysOf<dashboard.FieldConfigSource['overrides'][number]>,
      },
    },
  } satisfies KeysOf<dashboard.FieldConfigSource>,
} as const;

/** A Prometheus query: every target vllm-obs writes is one. */
const prometheusTarget = {
  type: 'object',
  additionalProperties: false,
  required: ['expr'] satisfies RequiredKeys<prometheus.Dataquery>[],
  properties: {
    adhocFilters: { type: 'array', items: object },
    datasource: datasourceRef,
    editorMode: enumOf<prometheus.QueryEditorMode>()(['builder', 'code']),
    exemplar: boolean,
    expr: { type: 'string', minLength: 1 },
    format: enumOf<prometheus.PromQueryFormat>()(['time_series', 'table', 'heatmap']),
    groupByKeys: strings,
    hide: boolean,
    instant: boolean,
    intervalFactor: number,
    intervalMs: number,
    legendFormat: string,
    maxDataPoints: integer,
    queryType: string,
    range: boolean,
    refId: string,
    resultAssertions: object,
    scopes: { type: 'array', items: object },
    timeRange: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: string, to: string } },
    interval: string,
  } satisfies KeysOf<prometheus.Dataquery>,
} as const;

const panel = {
  type: 'object',
  additionalProperties: false,
  required: ['type'] satisfies RequiredKeys<dashboard.Panel>[],
  properties: {
    type: { type: 'string', minLength: 1 },
    id: integer,
    pluginVersion: string,
    targets: { type: 'array', items: prometheusTarget },
    title: string,
    description: string,
    transparent: boolean,
    datasource: datasourceRef,
    gridPos,
    links: { type: 'array', items: dashboardLink },
    repeat: string,
    repeatDirection: { enum: ['h', 'v'] },
    maxPerRow: integer,
    maxDataPoints: integer,
    transformations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'options'] satisfies RequiredKeys<dashboard.DataTransformerConfig>[],
        properties: {
          id: string,
          disabled: boolean,
          filter: matcherConfig,
          topic: { enum: ['series', 'annotations', 'alertStates'] },
          options: ANY,
        } satisfies KeysOf<dashboard.DataTransformerConfig>,
      },
    },
    interval: string,
    timeFrom: string,
    timeShift: string,
    hideTimeOverride: boolean,
    timeCompare: string,
    libraryPanel: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'uid'],
      properties: { name: string, uid: string } satisfies KeysOf<dashboard.LibraryPanelRef>,
    },
    cacheTimeout: string,
    queryCachingTTL: integer,
    options: object,
    fieldConfig: fieldConfigSource,
  } satisfies KeysOf<dashboard.Panel>,
} as const;

const rowPanel = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'collapsed', 'id', 'panels'] satisfies RequiredKeys<dashboard.RowPanel>[],
  properties: {
    type: { const: 'row' },
    collapsed: boolean,
    title: string,
    datasource: datasourceRef,
    gridPos,
    id: integer,
    panels: { type: 'array', items: panel },
    repeat: string,
  } satisfies KeysOf<dashboard.RowPanel>,
} as const;

const variableOption = {
  type: 'object',
  additionalProperties: false,
  required: ['text', 'value'] satisfies RequiredKeys<dashboard.VariableOption>[],
  properties: { selected: boolean, text: stringOrStrings, value: stringOrStrings } satisfies KeysOf<dashboard.VariableOption>,
} as const;

const variable = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'name'] satisfies RequiredKeys<dashboard.VariableModel>[],
  properties: {
    type: enumOf<dashboard.VariableType>()(['query', 'adhoc', 'groupby', 'constant', 'datasource', 'interval', 'textbox', 'custom', 'system', 'snapshot', 'switch']),
    name: { type: 'string', pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$', description: 'a variable name ([a-zA-Z_][a-zA-Z0-9_]*)' },
    label: string,
    hide: enumOf<dashboard.VariableHide>()([0, 1, 2, 3]),
    skipUrlSync: boolean,
    description: string,
    query: { anyOf: [string, object] },
    datasource: datasourceRef,
    current: variableOption,
    multi: boolean,
    allowCustomValue: boolean,
    options: { type: 'array', items: variableOption },
    refresh: enumOf<dashboard.VariableRefresh>()([0, 1, 2]),
    sort: enumOf<dashboard.VariableSort>()([0, 1, 2, 3, 4, 5, 6, 7, 8]),
    includeAll: boolean,
    allValue: string,
    regex: string,
    staticOptions: { type: 'array', items: variableOption },
    staticOptionsOrder: { enum: ['before', 'after', 'sorted'] },
    auto: boolean,
    auto_min: string,
    auto_count: integer,
    definition: string,
  } satisfies KeysOf<dashboard.VariableModel>,
} as const;

const annotationQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'enable', 'iconColor'] satisfies RequiredKeys<dashboard.AnnotationQuery>[],
  properties: {
    name: string,
    datasource: datasourceRef,
    enable: boolean,
    hide: boolean,
    iconColor: string,
    filter: {
      type: 'object',
      additionalProperties: false,
      required: ['ids'],
      properties: { exclude: boolean, ids: { type: 'array', items: integer } } satisfies KeysOf<dashboard.AnnotationPanelFilter>,
    },
    target: object,
    type: string,
    builtIn: number,
    placement: enumOf<dashboard.AnnotationQueryPlacement>()(['inControlsMenu']),
    expr: string,
    textFormat: string,
    titleFormat: string,
    tagKeys: string,
    step: string,
    useValueForTime: boolean,
    mappings: object,
  } satisfies KeysOf<dashboard.AnnotationQuery>,
} as const;

export const dashboardSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Grafana dashboard (classic JSON model, schemaVersion 42)',
  type: 'object',
  additionalProperties: false,
  // the SDK requires the first three; a provisioned dashboard also needs its uid and title
  required: [...(['schemaVersion', 'templating', 'annotations'] satisfies RequiredKeys<dashboard.Dashboard>[]), 'uid', 'title'],
  properties: {
    id: { type: ['integer', 'null'] },
    uid: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,40}$', description: 'a Grafana uid (1–40 of a-z A-Z 0-9 _ -)' },
    title: { type: 'string', minLength: 1 },
    description: string,
    revision: integer,
    gnetId: string,
    tags: strings,
    timezone: string,
    editable: boolean,
    graphTooltip: enumOf<dashboard.DashboardCursorSync>()([0, 1, 2]),
    time: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: string, to: string } },
    timepicker: {
      type: 'object',
      additionalProperties: false,
      properties: {
        hidden: boolean,
        refresh_intervals: strings,
        quick_ranges: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['display', 'from', 'to'] satisfies RequiredKeys<dashboard.TimeOption>[],
            properties: { display: string, from: string, to: string } satisfies KeysOf<dashboard.TimeOption>,
          },
        },
        nowDelay: string,
      } satisfies KeysOf<dashboard.TimePickerConfig>,
    },
    fiscalYearStartMonth: { type: 'integer', minimum: 0, maximum: 11 },
    liveNow: boolean,
    weekStart: string,
    refresh: string,
    schemaVersion: integer,
    version: integer,
    panels: {
      type: 'array',
      items: { if: { properties: { type: { const: 'row' } }, required: ['type'] }, then: rowPanel, else: panel },
    },
    templating: {
      type: 'object',
      additionalProperties: false,
      properties: { list: { type: 'array', items: variable } } satisfies KeysOf<dashboard.Dashboard['templating']>,
    },
    annotations: {
      type: 'object',
      additionalProperties: false,
      properties: { list: { type: 'array', items: annotationQuery } } satisfies KeysOf<dashboard.AnnotationContainer>,
    },
    links: { type: 'array', items: dashboardLink },
    snapshot: object,
    preload: boolean,
  } satisfies KeysOf<dashboard.Dashboard>,
} as const;
