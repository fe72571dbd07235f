/**
 * `npm run seed`: loads the demo content into a running platform through its gateway
 * (http://localhost:$PORT/graphql, PORT defaulting to 4000). `npm start` does it by itself on the
 * first embedded start.
 */
import { loadEnv, settingsSource } from '#platform/env.ts';
import { configuredAdmin, seedDemoContent } from './demo-content/seed.ts';

const source = settingsSource({ dotenv: true });
const env = loadEnv({ source });
const url = `http://localhost:${env.PORT ?? 4000}/graphql`;
const { created } = await seedDemoContent(url, { admin: configuredAdmin(source) });
console.log(created.length ? `Seeded ${created.join(', ')} through ${url}` : `Demo content already present at ${url}`);
