/**
 * A short, bounded name for a SQL statement, for counting statements by kind
 * (db_statement_kinds_total, the breakdown `npm run bench:events` prints): its verb and the
 * tables it names, e.g. `SELECT QuestProgress`, `INSERT OutboxEvent`, `BEGIN`; a statement with a
 * WITH clause is named by every table it writes or reads, in order (`WITH INSERT StepAnswer,
 * UPDATE QuestProgress`). Values never appear (statements are parameterized), so the labels are
 * as few as the code paths.
 */
const TABLE = String.raw`(?:"[^"]+"\.)?"([^"]+)"`;
const WRITES = new RegExp(String.raw`\b(INSERT INTO|UPDATE|DELETE FROM)\s+${TABLE}`, 'gi');
const READS = new RegExp(String.raw`\b(?:FROM|JOIN)\s+${TABLE}`, 'gi');

const VERBS: Record<string, string> = { 'INSERT INTO': 'INSERT', UPDATE: 'UPDATE', 'DELETE FROM': 'DELETE' };

/** Prisma sends the same texts again and again: each is labelled once (a bounded memo). */
const memo = new Map<string, string>();
const MEMO_SIZE = 2_000;

export function statementLabel(sql: string): string {
  let label = memo.get(sql);
  if (label === undefined) {
    if (memo.size >= MEMO_SIZE) memo.clear();
    label = labelOf(sql);
    memo.set(sql, label);
  }
  return label;
}

function labelOf(sql: string): string {
  const text = sql.trim();
  const verb = /^\w+/.exec(text)?.[0]?.toUpperCase() ?? '?';
  const writes = [...text.matchAll(WRITES)].map(([, action, table]) => `${VERBS[action!.toUpperCase()]} ${table}`);
  const reads = [...text.matchAll(READS)].map(([, table]) => table!);
  if (verb === 'WITH') {
    const tables = [...new Set([...writes, ...(writes.length ? [] : reads.map((table) => `SELECT ${table}`))])];
    return `WITH ${tables.join(', ')}`;
  }
  if (verb === 'SELECT') return reads.length ? `SELECT ${reads[0]}` : 'SELECT';
  return writes[0] ?? verb;
}
