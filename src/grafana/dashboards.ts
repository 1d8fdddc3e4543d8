// The dashboard provider: Grafana loads every JSON file under grafana.dashboardsPath into one folder.
import type { Setup } from '../model/index.js';
import { literal } from './datasources.js';

const PROVIDER_NAME = 'vllm-obs';
/** How often Grafana rereads the directory, so a regenerated dashboard shows up without a restart. */
const UPDATE_INTERVAL_SECONDS = 30;

export function dashboardProvider(setup: Setup): Record<string, unknown> {
  const { grafana } = setup.config;
  return {
    apiVersion: 1,
    providers: [
      {
        name: PROVIDER_NAME,
        orgId: 1,
        type: 'file',
        folder: literal(grafana.folder),
        disableDeletion: false,
        // The files are generated; edits made in the UI would be lost at the next generate.
        allowUiUpdates: false,
        updateIntervalSeconds: UPDATE_INTERVAL_SECONDS,
        options: { path: grafana.dashboardsPath, foldersFromFilesStructure: false },
      },
    ],
  };
}
