/** What a subgraph holds of an entity another subgraph owns: its key, for the gateway to resolve. */
export interface EntityReference {
  id: string;
}
