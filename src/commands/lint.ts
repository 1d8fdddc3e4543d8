export async function runLint(files: string[], opts: { vllmVersion?: string; json?: boolean }): Promise<number> {
  void files;
  void opts;
  throw new Error('lint: not implemented yet');
}
