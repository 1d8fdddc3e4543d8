export async function runDoctor(opts: { url: string; timeout: string; writeConfig?: string | boolean; force?: boolean }): Promise<number> {
  void opts;
  throw new Error('doctor: not implemented yet');
}
