export async function runSimulate(opts: Record<string, string>): Promise<number> {
  void opts;
  throw new Error('simulate: not implemented yet');
}
