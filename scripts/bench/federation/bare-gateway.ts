/** Bare @apollo/gateway with its default options in a standalone Apollo Server: the benchmark's reference. */
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { readFileSync } from 'node:fs';

const supergraphSdl = readFileSync(process.env.BENCH_SUPERGRAPH!, 'utf8');
const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
await startStandaloneServer(server, { listen: { port: Number(process.env.PORT), host: '127.0.0.1' } });
console.log('ready');
