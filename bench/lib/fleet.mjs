// Config files for the generation benchmark: fleets of `models × clusters` deployments, each with
// its own targets, plus SLOs per model, as a platform team with many models would write them.

/** Shapes measured: deployments = models × clusters. */
export const FLEETS = [
  { deployments: 10, models: 5, clusters: 2 },
  { deployments: 100, models: 20, clusters: 5 },
  { deployments: 1000, models: 100, clusters: 10 },
];

export const TARGETS_PER_DEPLOYMENT = 2;

function modelName(index) {
  return `org-${index % 7}/model-${index}-8b-instruct`;
}

/** A vllm-obs config for one fleet shape. */
export function fleetConfig({ models, clusters }) {
  const deployments = [];
  for (let m = 0; m < models; m++) {
    for (let c = 0; c < clusters; c++) {
      deployments.push({
        name: `model-${m}-cluster-${c}`,
        model: modelName(m),
        cluster: `cluster-${c}`,
        targets: Array.from({ length: TARGETS_PER_DEPLOYMENT }, (_, t) => `10.${c}.${m >> 4}.${((m & 15) << 4) + t}:8000`),
      });
    }
  }
  const slos = Array.from({ length: models }, (_, m) => [
    { name: `availability-model-${m}`, kind: 'availability', objective: 99.5, model: modelName(m) },
    { name: `ttft-model-${m}`, kind: 'latency', latency: 'ttft', threshold: 2.5, objective: 99, model: modelName(m) },
  ]).flat();
  return {
    cluster: { multi: true },
    scrape: { targets: [] },
    deployments,
    slos,
  };
}
