/**
 * Embedded runs load the demo content on their first start; later starts on the same data skip the
 * seeding (its idempotent checks cost about 2 s of sign-ins and reads) unless the demo content or the
 * list of subgraphs changed since. The marker lives beside the embedded database, in DATA_DIR, so
 * deleting the data folder starts over with both.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const DEMO_DIR = import.meta.dirname;

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(directory, entry.name)) : [join(directory, entry.name)]))
    .sort();
}

/** What the seed loads: every file of the demo content (and the seeding code), and which subgraphs run. */
export function demoContentFingerprint(subgraphs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(DEMO_DIR))
    hash.update(relative(DEMO_DIR, file)).update('\0').update(readFileSync(file)).update('\0');
  hash.update([...subgraphs].sort().join(','));
  return hash.digest('hex');
}

const markerPath = (dataDir: string) => join(dataDir, 'demo-content.seeded');

export const demoContentSeeded = (dataDir: string, fingerprint: string): boolean =>
  existsSync(markerPath(dataDir)) && readFileSync(markerPath(dataDir), 'utf8').trim() === fingerprint;

export const markDemoContentSeeded = (dataDir: string, fingerprint: string): void =>
  writeFileSync(markerPath(dataDir), `${fingerprint}\n`);
