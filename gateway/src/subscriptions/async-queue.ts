/**
 * A push-fed async iterator whose `return()` takes effect at once (an async generator's return()
 * waits for its next value, which would keep listeners alive until the next event). Bounded: a
 * subscriber that stops reading loses the oldest results rather than growing memory forever.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private readonly waiting: Array<(result: IteratorResult<T>) => void> = [];
  private done = false;

  constructor(
    private readonly onReturn: () => void,
    private readonly limit = 100,
  ) {}

  push(value: T): void {
    if (this.done) return;
    const waiter = this.waiting.shift();
    if (waiter) return waiter({ value, done: false });
    this.buffer.push(value);
    if (this.buffer.length > this.limit) this.buffer.shift();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length) return Promise.resolve({ value: this.buffer.shift()!, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.done) {
      this.done = true;
      this.buffer.length = 0;
      for (const waiter of this.waiting.splice(0)) waiter({ value: undefined, done: true });
      this.onReturn();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
