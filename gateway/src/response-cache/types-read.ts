/**
 * The object types an operation reads, by a TypeInfo walk of its document against the API schema:
 * every field's parent type and return type, abstract types expanded to their possible types.
 * A cached response is tagged with them; a change to any of them makes it stale. Root types are
 * left out (every operation reads them) and so are introspection types (they never change).
 */
import {
  getNamedType,
  isAbstractType,
  isObjectType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

const computed = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, readonly string[]>>();

/** Sorted type names; computed once per (schema, document): Apollo reuses a parsed document. */
export function typesRead(schema: GraphQLSchema, document: DocumentNode): readonly string[] {
  let bySchema = computed.get(schema);
  if (!bySchema) computed.set(schema, (bySchema = new WeakMap()));
  const known = bySchema.get(document);
  if (known) return known;
  const types = collect(schema, document);
  bySchema.set(document, types);
  return types;
}

function collect(schema: GraphQLSchema, document: DocumentNode): readonly string[] {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  const names = new Set<string>();
  const add = (type: GraphQLNamedType | null | undefined) => {
    if (!type || roots.has(type as never) || type.name.startsWith('__')) return;
    if (isObjectType(type)) names.add(type.name);
    else if (isAbstractType(type)) for (const possible of schema.getPossibleTypes(type)) add(possible);
  };
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        add(typeInfo.getParentType());
        const type = typeInfo.getType();
        if (type) add(getNamedType(type));
      },
    }),
  );
  return [...names].sort();
}
