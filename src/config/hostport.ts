/** host:port as Prometheus static targets take it: a DNS name or IPv4, or [IPv6], and a port 1-65535. */
export function hostPortProblem(value: string): string | undefined {
  // user:password@host: the value is not echoed
  if (value.includes('@')) return 'must be host:port without credentials (user:password@ is not allowed; value not shown)';
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):([0-9]{1,5})$/.exec(value);
  if (!match) return `"${value}" is not host:port (e.g. 10.0.0.5:8000, vllm.internal:8000)`;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return `"${value}" has port ${port}; ports are 1-65535`;
  return undefined;
}
