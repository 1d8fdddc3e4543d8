import type { Artifact, ArtifactKind } from '../model/artifact.js';
import { toJson, toYaml, toYamlDocuments } from './serialize.js';

export function jsonArtifact(path: string, kind: ArtifactKind, data: unknown): Artifact {
  return { path, kind, content: toJson(data), data };
}

export function yamlArtifact(path: string, kind: ArtifactKind, data: unknown): Artifact {
  return { path, kind, content: toYaml(data), data };
}

export function yamlDocumentsArtifact(path: string, kind: ArtifactKind, documents: readonly unknown[]): Artifact {
  return { path, kind, content: toYamlDocuments(documents), data: documents };
}
