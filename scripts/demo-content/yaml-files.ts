/** Demo content kept as YAML files, one item per file named after it, each checked against its schema. */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * Every `*.yaml` of `directory`, in file name order, parsed and validated; a file must be named
 * `<nameOf(item)>.yaml`. Errors name the file.
 */
export function readYamlItems<Schema extends z.ZodType>(
  directory: string,
  schema: Schema,
  name: { field: string; of: (item: z.infer<Schema>) => string | undefined },
): Array<z.infer<Schema>> {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => {
      let content: unknown;
      try {
        content = parse(readFileSync(join(directory, file), 'utf8'));
      } catch (error) {
        throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
      }
      const parsed = schema.safeParse(content);
      if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
      const item = parsed.data as z.infer<Schema>;
      if (name.of(item) !== basename(file, '.yaml')) throw new Error(`${file}: its ${name.field} is ${name.of(item)}`);
      return item;
    });
}
