// Container health check: exits 0 when the process on PORT answers /health/ready (the slim
// Node image has no curl). Usage: node docker/healthcheck.mjs <port>
const port = process.argv[2] ?? '4000';
fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(3000) })
  .then((response) => process.exit(response.ok ? 0 : 1))
  .catch(() => process.exit(1));
