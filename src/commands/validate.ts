export async function runValidate(opts: { config?: string; out?: string }): Promise<number> {
  void opts;
  throw new Error('validate: not implemented yet');
}
