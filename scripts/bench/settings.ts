/** Settings shared by the benchmarks (the bench process's own env module). */
import { z } from 'zod';

export const benchSettings = z
  .object({
    BENCH_DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/doctorpy_bench'),
    BENCH_REDIS_URL: z.string().default('redis://127.0.0.1:6379/14'),
    BENCH_NATS_URL: z.string().default('nats://127.0.0.1:4222'),
    /** `single`: `npm start`'s one process; `processes`: one per service, as docker-compose runs them. */
    BENCH_TOPOLOGY: z.enum(['single', 'processes']).default('single'),
    /** Extra Node options for the platform processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
    BENCH_NODE_OPTIONS: z
      .string()
      .default('')
      .transform((value) => value.split(' ').filter(Boolean)),
    /** Set: the platform's standard output reaches the terminal (e.g. with "--trace-gc"); otherwise it is dropped. */
    BENCH_STDOUT: z
      .enum(['', '0', '1'])
      .default('')
      .transform((value) => value === '1'),
  })
  .parse(process.env);
