/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, a 12-bit sequence, then random bits.
 * What Prisma's `@default(uuid(7))` generates, for rows written by raw SQL and for event ids. The
 * sequence (RFC 9562 §6.2, method 1) keeps ids made in one process sorting in the order they
 * were made, also within one millisecond: the outbox publishes by (occurredAt, id), so the events
 * one transaction staged reach the bus in the order it staged them.
 */
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/** A clock that steps back further than this (or an explicit past time) starts a sequence of its own. */
const CONTINUE_WITHIN_MS = 1_000;

export function uuid7(now = Date.now()): string {
  let ms = now;
  let seq = 0;
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else if (lastMs - now < CONTINUE_WITHIN_MS) {
    if (++sequence > 0xfff) {
      // 4,096 ids in one millisecond: borrow the next millisecond rather than lose the order.
      lastMs += 1;
      sequence = 0;
    }
    ms = lastMs;
    seq = sequence;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (seq >> 8);
  bytes[7] = seq & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
