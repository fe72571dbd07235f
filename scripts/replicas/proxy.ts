/**
 * A round-robin TCP load balancer, the smallest stand-in for a Kubernetes Service or an HAProxy in
 * `mode tcp`: each incoming connection goes to the next backend; a backend that refuses the
 * connection (its process is gone) is skipped for the next one, so clients only see the
 * connections that were open on a replica when it died. It works below HTTP, so keep-alive
 * requests and WebSocket upgrades pass untouched (a connection stays with one backend).
 */
import { connect, createServer, type Socket } from 'node:net';

export interface Backend {
  host: string;
  port: number;
}

export interface RoundRobinProxy {
  readonly port: number;
  /** Connections currently open to each backend, by `host:port`. */
  openConnections(): Map<string, number>;
  close(): Promise<void>;
}

const keyOf = (backend: Backend) => `${backend.host}:${backend.port}`;

export async function startRoundRobinProxy(options: {
  host?: string;
  port: number;
  backends: Backend[];
}): Promise<RoundRobinProxy> {
  const { backends } = options;
  if (!backends.length) throw new Error('a proxy needs at least one backend');
  let next = 0;
  const open = new Map<string, Set<Socket>>(backends.map((backend) => [keyOf(backend), new Set()]));
  const clients = new Set<Socket>();

  /** Connects to the backends in turn, from the next one, until one accepts (or all refused). */
  const connectUpstream = (attempt: number, onReady: (upstream: Socket, backend: Backend) => void, onFail: () => void) => {
    if (attempt >= backends.length) return onFail();
    const backend = backends[next++ % backends.length]!;
    const upstream = connect({ host: backend.host, port: backend.port });
    upstream.setNoDelay(true);
    const refused = () => connectUpstream(attempt + 1, onReady, onFail);
    upstream.once('error', refused);
    upstream.once('connect', () => {
      upstream.off('error', refused);
      onReady(upstream, backend);
    });
  };

  const server = createServer({ pauseOnConnect: true }, (client) => {
    clients.add(client);
    client.setNoDelay(true);
    client.on('error', () => client.destroy());
    client.once('close', () => clients.delete(client));
    connectUpstream(
      0,
      (upstream, backend) => {
        if (client.destroyed) return upstream.destroy();
        const set = open.get(keyOf(backend))!;
        set.add(upstream);
        upstream.on('error', () => client.destroy());
        upstream.once('close', () => {
          set.delete(upstream);
          client.destroy();
        });
        client.once('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      },
      () => client.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    openConnections: () => new Map([...open].map(([key, set]) => [key, set.size])),
    async close() {
      for (const client of clients) client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
