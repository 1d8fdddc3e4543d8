// A vLLM-compatible server for demos and live tests: the catalog's metric set, real-looking traffic.
export { SCENARIO_PATH, startSimulator, type RunningSimulator, type SimulatorOptions } from './server.js';
export { Simulation, SimulatorError, DEFAULT_MODEL, releaseString, type SimulationOptions } from './simulation.js';
export { SCENARIOS, SCENARIO_SHAPES, isScenario, type Scenario, type ScenarioShape } from './scenarios.js';
export { CONTENT_TYPE, formatValue } from './exposition.js';
