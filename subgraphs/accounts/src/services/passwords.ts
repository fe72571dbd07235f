/** Password policy and argon2id hashing (OWASP parameters: 19 MiB, 2 passes, 1 lane by default). */
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { z } from 'zod';
import { WorkQueue } from './work-queue.ts';

/** The most common passwords of 10+ characters; a policy that allows them protects nothing. */
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '12345678910',
  '0123456789',
  '1234567890a',
  'a1234567890',
  '1q2w3e4r5t',
  'qwertyuiop',
  'qwertyuiop1',
  '1qaz2wsx3edc',
  'password12',
  'password123',
  'password1234',
  'password01',
  'passw0rd12',
  'iloveyou12',
  'iloveyou123',
  'abcdefghij',
  'abcd123456',
  'abc1234567',
  'qwerty1234',
  'qwerty12345',
  'qwerty123456',
  'letmein123',
  'welcome123',
  'admin12345',
  'administrator',
  'changeme123',
  'football12',
  'baseball12',
  'sunshine12',
  'princess12',
  'dragon1234',
  'monkey1234',
  'superman12',
  'trustno1234',
  'starwars12',
  'whatever12',
  'michael123',
  'charlie123',
  'computer12',
  'internet12',
  'doctorpy123',
]);

export const passwordPolicy = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(128, 'must be at most 128 characters')
  .refine((value) => /\p{L}/u.test(value), 'must contain a letter')
  .refine((value) => /[^\p{L}]/u.test(value), 'must contain a digit or a symbol')
  .refine((value) => !COMMON_PASSWORDS.has(value.toLowerCase()), 'is too common')
  .refine((value) => new Set(value).size >= 4, 'is too repetitive');

/** Hashing and checks go through a queue of `concurrency` at a time (see WorkQueue), never inside a DB transaction. */
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;
  private readonly queue: WorkQueue;

  constructor(
    private readonly memoryCostKiB: number,
    options: { concurrency: number; maxWaitMs: number } = { concurrency: 3, maxWaitMs: 7_000 },
  ) {
    this.queue = new WorkQueue('password-hashing', options.concurrency, options.maxWaitMs);
  }

  hash(password: string): Promise<string> {
    return this.queue.run(() =>
      argon2.hash(password, { type: argon2.argon2id, memoryCost: this.memoryCostKiB, timeCost: 2, parallelism: 1 }),
    );
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.queue.run(() => argon2.verify(hash, password));
  }

  /** The cost of a real check for an email that has no account, so timing does not reveal which exist. */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash(randomBytes(16).toString('hex')).catch((error: unknown) => {
      this.dummyHash = undefined; // refused (queue full): the next check tries again
      throw error;
    });
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
