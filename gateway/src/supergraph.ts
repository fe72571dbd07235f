/**
 * Where the gateway's supergraph comes from: a composed SDL given directly (tests), or
 * schema/supergraph.graphql, watched in development so `npm run compose` takes effect at once.
 * A broken file is logged and the previous supergraph keeps serving.
 */
import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '#platform/logger.ts';

export type SupergraphSource = { sdl: string } | { path: string; watch: boolean };

const ENFORCED_BY_SUBGRAPHS =
  /(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:authenticated|requiresScopes|policy)\/v[\d.]+"), for: SECURITY\)/g;

/**
 * @apollo/gateway refuses a supergraph linking security features (@authenticated,
 * @requiresScopes, @policy) because it cannot enforce them itself. In DoctorPy every subgraph
 * enforces them on its own fields (platform/auth/directives.ts), so the gateway loads the
 * supergraph with those links marked as informational. A router that enforces them (Apollo
 * Router) can load the committed file unchanged.
 */
export const acceptSubgraphEnforcedSecurity = (supergraphSdl: string): string =>
  supergraphSdl.replace(ENFORCED_BY_SUBGRAPHS, '$1)');

export function supergraphLoader(source: SupergraphSource, logger: Logger): SupergraphSdlHook {
  return async ({ update }) => {
    if ('sdl' in source) return { supergraphSdl: acceptSubgraphEnforcedSecurity(source.sdl) };
    const supergraphSdl = acceptSubgraphEnforcedSecurity(await readFile(source.path, 'utf8'));
    if (!source.watch) return { supergraphSdl };

    let current = supergraphSdl;
    let pending: NodeJS.Timeout | undefined;
    const watcher = watch(source.path, () => {
      clearTimeout(pending);
      // Editors write in several steps; wait for the file to settle.
      pending = setTimeout(async () => {
        try {
          const next = acceptSubgraphEnforcedSecurity(await readFile(source.path, 'utf8'));
          if (next === current) return;
          update(next);
          current = next;
          logger.info({ path: source.path }, 'supergraph reloaded');
        } catch (error) {
          logger.error({ err: error, path: source.path }, 'supergraph reload failed; keeping the previous one');
        }
      }, 200);
    });
    return {
      supergraphSdl,
      cleanup: async () => {
        clearTimeout(pending);
        watcher.close();
      },
    };
  };
}
