/**
 * A local HTTP server speaking the Elasticsearch endpoints search uses (aliases, index creation,
 * bulk index and delete, search, refresh, index deletion), recording every request. It keeps the bulk-indexed documents and
 * answers a search with the public ones holding every query word, in Elasticsearch's response
 * shape (hits with highlights, aggregations); the request bodies are what tests assert on.
 */
import { createServer, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

type Doc = Record<string, unknown> & {
  id: string;
  title: string;
  body: string;
  visibility: string;
  type: string;
  entityKey: string;
};

export interface FakeElasticsearch {
  url: string;
  requests: RecordedRequest[];
  aliases: Map<string, string>;
  indexes: Map<string, Map<string, Doc>>;
  close(): Promise<void>;
}

const json = (status: number, body: unknown) => ({ status, body });

export async function startFakeElasticsearch(): Promise<FakeElasticsearch> {
  const requests: RecordedRequest[] = [];
  const aliases = new Map<string, string>();
  const indexes = new Map<string, Map<string, Doc>>();
  const resolve = (name: string) => aliases.get(name) ?? name;

  const handle = (method: string, path: string, raw: string) => {
    const ndjson = path.startsWith('/_bulk');
    const body = raw
      ? ndjson
        ? raw
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line))
        : JSON.parse(raw)
      : undefined;
    requests.push({ method, path, body });
    const [pathname] = path.split('?');
    const parts = pathname!.split('/').filter(Boolean);
    if (parts[0] === '_alias') {
      const index = aliases.get(parts[1]!);
      if (!index) return json(404, { error: 'alias missing', status: 404 });
      return json(200, method === 'HEAD' ? {} : { [index]: { aliases: { [parts[1]!]: {} } } });
    }
    if (parts[0] === '_aliases') {
      for (const action of (body as { actions: Array<Record<string, { index: string; alias: string }>> }).actions) {
        if (action.remove && aliases.get(action.remove.alias) === action.remove.index) aliases.delete(action.remove.alias);
        if (action.add) aliases.set(action.add.alias, action.add.index);
      }
      return json(200, { acknowledged: true });
    }
    if (parts[0] === '_bulk') {
      const lines = body as Array<Record<string, unknown>>;
      const items = [];
      // `index` lines are followed by their document, `delete` lines stand alone.
      for (let index = 0; index < lines.length;) {
        const action = lines[index] as { index?: { _index: string; _id: string }; delete?: { _index: string; _id: string } };
        if (action.delete) {
          const { _index, _id } = action.delete;
          const found = indexes.get(resolve(_index))?.delete(_id) ?? false;
          items.push({
            delete: { _index: resolve(_index), _id, status: found ? 200 : 404, result: found ? 'deleted' : 'not_found' },
          });
          index += 1;
          continue;
        }
        const { _index, _id } = action.index!;
        indexes.get(resolve(_index))?.set(_id, lines[index + 1] as Doc);
        items.push({ index: { _index: resolve(_index), _id, status: 201, result: 'created' } });
        index += 2;
      }
      return json(200, { took: 3, errors: false, items });
    }
    if (parts[1] === '_search') return json(200, answer(indexes.get(resolve(parts[0]!)), body as SearchBody));
    if (parts[1] === '_refresh') return json(200, { _shards: { total: 1, successful: 1, failed: 0 } });
    if (method === 'PUT' && parts.length === 1) {
      indexes.set(parts[0]!, new Map());
      return json(200, { acknowledged: true, shards_acknowledged: true, index: parts[0] });
    }
    if (method === 'DELETE' && parts.length === 1) {
      for (const name of parts[0]!.split(',')) indexes.delete(name);
      return json(200, { acknowledged: true });
    }
    return json(400, { error: `unexpected ${method} ${path}`, status: 400 });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { status, body } = handle(req.method!, req.url!, Buffer.concat(chunks).toString());
      res.writeHead(status, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    aliases,
    indexes,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

interface SearchBody {
  from?: number;
  size?: number;
  query: { bool: { must: Array<{ multi_match?: { query: string; type?: string } }> } };
}

/** Terms buckets with the entity count under them, as the engine's aggregations ask. */
const count = (values: Array<string | null>) => {
  const counts = new Map<string, number>();
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([key, n]) => ({ key, doc_count: n, entities: { value: n } }));
};

/** The public documents holding every word of the first clause, as Elasticsearch would shape them. */
function answer(documents: Map<string, Doc> | undefined, body: SearchBody) {
  const words = (body.query.bool.must[0]?.multi_match?.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const found = [...(documents?.values() ?? [])].filter(
    (doc) => doc.visibility === 'PUBLIC' && words.every((word) => `${doc.title} ${doc.body}`.toLowerCase().includes(word)),
  );
  const page = found.slice(body.from ?? 0, (body.from ?? 0) + (body.size ?? 10));
  return {
    took: 2,
    timed_out: false,
    hits: {
      total: { value: found.length, relation: 'eq' },
      max_score: 3.2,
      hits: page.map((doc, index) => ({
        _index: 'doctorpy-search-test',
        _id: doc.id,
        _score: 3.2 - index * 0.5,
        _source: doc,
        highlight: { 'title.en': [doc.title.replace(new RegExp(`(${words[0]})`, 'i'), '<mark>$1</mark>')] },
      })),
    },
    aggregations: {
      entities: { value: found.length },
      types: { buckets: count(found.map((doc) => doc.type)) },
      levels: { buckets: count(found.map((doc) => doc.level as string | null)) },
      tags: { buckets: count(found.flatMap((doc) => doc.tags as string[])) },
    },
  };
}
