/**
 * The benchmark's data: the federation benchmark's shape (users, reviews, products, inventory),
 * sized so the benchmark query answers about 88 kB. Deterministic: every run and both gateways
 * see the same data.
 */
export interface BenchUser {
  id: string;
  name: string;
  username: string;
  birthday: number;
}
export interface BenchProduct {
  upc: string;
  name: string;
  price: number;
  weight: number;
}
export interface BenchReview {
  id: string;
  body: string;
  authorId: string;
  productUpc: string;
}

const USERS = 10;
const PRODUCTS = 10;
const REVIEWS_PER_USER = 3;

export const users: BenchUser[] = Array.from({ length: USERS }, (_, i) => ({
  id: String(i + 1),
  name: `Learner ${i + 1}`,
  username: `learner${i + 1}`,
  birthday: 946_684_800 + i * 86_400 * 97,
}));

export const products: BenchProduct[] = Array.from({ length: PRODUCTS }, (_, i) => ({
  upc: String(i + 1),
  name: `Course pack ${i + 1}`,
  price: 900 + i * 150,
  weight: 100 + i * 35,
}));

// Every user reviews three products, so every product has three reviews.
export const reviews: BenchReview[] = users.flatMap((user, u) =>
  Array.from({ length: REVIEWS_PER_USER }, (_, r) => ({
    id: String(u * REVIEWS_PER_USER + r + 1),
    body: `Review ${u * REVIEWS_PER_USER + r + 1}: clear explanations, good exercises, would take it again.`,
    authorId: user.id,
    productUpc: products[(u + r) % PRODUCTS]!.upc,
  })),
);

export const inventory = new Map(products.map((product, i) => [product.upc, { inStock: i % 3 !== 0 }]));
