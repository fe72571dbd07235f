/** No entity of its own to batch: hits carry their references. */
export const createSearchLoaders = () => ({});

export type SearchLoaders = ReturnType<typeof createSearchLoaders>;
