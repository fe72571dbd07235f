/**
 * The benchmark's four subgraphs (users, reviews, products, inventory), built with
 * @apollo/subgraph over the data of data.ts. They stand for infinitely fast services, so that the
 * gateways are what is measured: each answer is computed once by graphql-js and then served from
 * memory for the same request body (the data never changes during a run).
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { inventory, products, reviews, users, type BenchProduct, type BenchUser } from './data.ts';

export interface BenchSubgraph {
  name: string;
  typeDefs: DocumentNode;
  schema: ReturnType<typeof buildSubgraphSchema>;
}

const FEDERATION = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires"])`;

const userById = new Map(users.map((user) => [user.id, user]));
const teams = [{ id: 't1', name: 'Learner study group', members: users.slice(0, 4) }];
const productByUpc = new Map(products.map((product) => [product.upc, product]));

const subgraph = (name: string, sdl: string, resolvers: Record<string, Record<string, unknown>>): BenchSubgraph => {
  const typeDefs = parse(`${FEDERATION}\n${sdl}`);
  return { name, typeDefs, schema: buildSubgraphSchema({ typeDefs, resolvers: resolvers as never }) };
};

export const benchSubgraphs: BenchSubgraph[] = [
  subgraph(
    'users',
    `type Query { me: User users: [User] user(id: ID!): User accounts: [Account] search(term: String!): [SearchResult] }
     interface Account { id: ID! name: String }
     type User implements Account @key(fields: "id") { id: ID! name: String username: String birthday: Int secret: String }
     type Team implements Account { id: ID! name: String members: [User] }
     union SearchResult = User | Team`,
    {
      Query: {
        me: () => users[0],
        users: () => users,
        user: (_: unknown, { id }: { id: string }) => userById.get(id),
        accounts: () => [...users.slice(0, 3), ...teams],
        search: (_: unknown, { term }: { term: string }) =>
          [...users, ...teams].filter((account) => account.name.toLowerCase().includes(term.toLowerCase())),
      },
      Account: { __resolveType: (account: { members?: unknown }) => (account.members ? 'Team' : 'User') },
      SearchResult: { __resolveType: (account: { members?: unknown }) => (account.members ? 'Team' : 'User') },
      User: {
        __resolveReference: (ref: { id: string }) => userById.get(ref.id),
        // A field that always fails: the differential test's subgraph errors.
        secret: () => {
          throw new GraphQLError('Only the account holder can read this', { extensions: { code: 'FORBIDDEN' } });
        },
      },
    },
  ),
  subgraph(
    'reviews',
    `type Review { id: ID! body: String author: User product: Product }
     type User @key(fields: "id") { id: ID! reviews: [Review] }
     type Product @key(fields: "upc") { upc: String! reviews: [Review] }`,
    {
      Review: {
        author: (review: { authorId: string }) => ({ id: review.authorId }),
        product: (review: { productUpc: string }) => ({ upc: review.productUpc }),
      },
      User: {
        __resolveReference: (ref: { id: string }) => ref,
        reviews: (user: BenchUser) => reviews.filter((review) => review.authorId === user.id),
      },
      Product: {
        __resolveReference: (ref: { upc: string }) => ref,
        reviews: (product: BenchProduct) => reviews.filter((review) => review.productUpc === product.upc),
      },
    },
  ),
  subgraph(
    'products',
    `type Query { topProducts(first: Int = 5): [Product] product(upc: String!): Product }
     type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int discontinuedSince: String! }`,
    {
      Query: {
        topProducts: (_: unknown, { first }: { first: number }) => products.slice(0, first),
        product: (_: unknown, { upc }: { upc: string }) => productByUpc.get(upc),
      },
      Product: {
        __resolveReference: (ref: { upc: string }) => productByUpc.get(ref.upc),
        // Non-null and failing: the error nulls the nearest nullable parent.
        discontinuedSince: () => {
          throw new Error('No discontinuation date is recorded');
        },
      },
    },
  ),
  subgraph(
    'inventory',
    `type Product @key(fields: "upc") { upc: String! weight: Int @external price: Int @external
       inStock: Boolean shippingEstimate: Int @requires(fields: "price weight") }`,
    {
      Product: {
        __resolveReference: (ref: { upc: string; price?: number; weight?: number }) => ({ ...ref, ...inventory.get(ref.upc) }),
        // Free for expensive items, otherwise a share of the weight.
        shippingEstimate: (product: { price: number; weight: number }) =>
          product.price > 1000 ? 0 : Math.round(product.weight / 2),
      },
    },
  ),
];

/** The operation of the federation benchmark: users and top products, nested four levels through every subgraph. */
export const BENCH_QUERY = `fragment User on User { id username name }
fragment Review on Review { id body }
fragment Product on Product { inStock name price shippingEstimate upc weight }
query TestQuery {
  users { ...User reviews { ...Review product { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } } } }
  topProducts { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } }
}`;
