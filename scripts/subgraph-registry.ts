/** What new:subgraph and remove:subgraph share: rover.yaml edits and the derived files. */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { readCatalog, repoRoot } from '#platform/catalog.ts';
import { derivedFiles } from './derived-files.ts';

const ROVER = join(repoRoot, 'rover.yaml');
const FIRST_PORT = 4001;

/** The lowest port from 4001 up that no subgraph of rover.yaml uses. */
export function nextFreePort(): number {
  const used = new Set(readCatalog().map((entry) => entry.port));
  let port = FIRST_PORT;
  while (used.has(port)) port += 1;
  return port;
}

/** Edits rover.yaml in place, keeping its comments and layout. */
function editRover(edit: (document: ReturnType<typeof parseDocument>) => void): void {
  const document = parseDocument(readFileSync(ROVER, 'utf8'));
  edit(document);
  writeFileSync(ROVER, String(document));
}

export const addToRover = (name: string, port: number) =>
  editRover((document) =>
    document.setIn(
      ['subgraphs', name],
      document.createNode({
        routing_url: `http://localhost:${port}/graphql`,
        schema: { file: `./subgraphs/${name}/schema.graphql` },
      }),
    ),
  );

export const removeFromRover = (name: string) => editRover((document) => document.deleteIn(['subgraphs', name]));

/** Runs a TypeScript script of the repository in a process of its own; rejects when it fails. */
export function runScript(script: string, args: string[] = []): Promise<void> {
  return run(process.execPath, ['--import', 'tsx', script, ...args]);
}

export function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/** Rewrites the lists derived from rover.yaml (compose file, init SQL) and the supergraph. */
export async function regenerate(): Promise<void> {
  for (const [file, content] of await derivedFiles()) writeFileSync(file, content);
  await runScript('scripts/compose.ts');
}
