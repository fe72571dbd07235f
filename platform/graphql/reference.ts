/** What a subgraph holds of an entity another subgraph owns: its key, for the gateway to resolve. */
export interface EntityReference {
  id: string;
}

/** The reference for an optional foreign id: null when there is none. */
export const referenceTo = (id: string | null | undefined): EntityReference | null => (id ? { id } : null);
