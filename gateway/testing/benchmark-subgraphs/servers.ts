/**
 * The benchmark subgraphs on a bare node:http server each: they should cost as little as possible,
 * so the benchmark measures the gateways. An answer is computed once by graphql-js, then served
 * from memory for the same request body (the data never changes). GET on any of them answers the
 * number of GraphQL requests the four have served, so the benchmark counts fetches per request.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, parse, type DocumentNode } from 'graphql';
import { benchSubgraphs, type BenchSubgraph } from './subgraphs.ts';

export interface BenchSubgraphServers {
  /** Subgraph name → its GraphQL URL. */
  urls: Record<string, string>;
  /** GraphQL requests the four have served so far. */
  requests(): number;
  /** Stops one subgraph (its port refuses connections afterwards), e.g. to test partial failures. */
  stop(name: string): Promise<void>;
  close(): Promise<void>;
}

/** `firstPort` 0 takes free ports. */
export async function startBenchSubgraphs(firstPort: number): Promise<BenchSubgraphServers> {
  let requests = 0;
  const servers = new Map<string, Server>();
  const urls: Record<string, string> = {};
  const serve = (subgraph: BenchSubgraph, port: number) => {
    const documents = new Map<string, DocumentNode>();
    const answers = new Map<string, string>();
    const answer = async (body: string): Promise<string> => {
      const known = answers.get(body);
      if (known) return known;
      const request = JSON.parse(body) as { query: string; variables?: Record<string, unknown>; operationName?: string };
      let document = documents.get(request.query);
      if (!document) documents.set(request.query, (document = parse(request.query)));
      const result = JSON.stringify(
        await execute({
          schema: subgraph.schema,
          document,
          variableValues: request.variables,
          operationName: request.operationName,
        }),
      );
      answers.set(body, result);
      return result;
    };
    const server = createServer((req, res) => {
      if (req.method === 'GET')
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ requests }));
      requests++;
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        answer(Buffer.concat(chunks).toString('utf8')).then(
          (result) => res.writeHead(200, { 'content-type': 'application/json' }).end(result),
          (error: Error) =>
            res
              .writeHead(400, { 'content-type': 'application/json' })
              .end(JSON.stringify({ errors: [{ message: error.message }] })),
        );
      });
    });
    server.keepAliveTimeout = 60_000;
    servers.set(subgraph.name, server);
    return new Promise<void>((resolve) =>
      server.listen(port, '127.0.0.1', () => {
        urls[subgraph.name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
        resolve();
      }),
    );
  };
  await Promise.all(benchSubgraphs.map((subgraph, index) => serve(subgraph, firstPort ? firstPort + index : 0)));
  const stop = (name: string) =>
    new Promise<void>((resolve) => {
      const server = servers.get(name)!;
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { urls, requests: () => requests, stop, close: async () => void (await Promise.all([...servers.keys()].map(stop))) };
}
