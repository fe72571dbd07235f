/**
 * deploy/prometheus and deploy/grafana only name metrics the processes export: a gateway and a
 * subgraph run against the real services and their /metrics are scraped; every metric of the
 * alert rules and of the dashboard must be among what they serve (histograms by their _bucket,
 * _sum and _count series).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '#platform/catalog.ts';
import { startTestStack, type TestStack } from '../gateway/testing/stack.ts';

/** Series Prometheus makes itself for each target. */
const PROMETHEUS_OWN = new Set(['up']);
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
]);

/** Metric names an expression selects: identifiers that are not functions, keywords or label names. */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\$\w+/g, '');
  return [...stripped.matchAll(/(?<![\w.$])([a-zA-Z_:][\w:]*)(?![\w:]|\s*\()/g)]
    .map((match) => match[1]!)
    .filter((name) => !KEYWORDS.has(name));
}

const rules = parse(readFileSync(join(repoRoot, 'deploy', 'prometheus', 'alerts.yml'), 'utf8')) as {
  groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
};
const dashboard = JSON.parse(readFileSync(join(repoRoot, 'deploy', 'grafana', 'doctorpy.json'), 'utf8')) as {
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
  templating: { list: Array<{ query?: string }> };
};
const used = [
  ...rules.groups.flatMap((group) => group.rules.map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr }))),
  ...dashboard.panels.flatMap((panel) => panel.targets.map((target) => ({ where: `panel ${panel.title}`, expr: target.expr }))),
  ...dashboard.templating.list.flatMap((variable) =>
    variable.query?.startsWith('label_values(')
      ? [{ where: 'variable', expr: variable.query.replace(/^label_values\(([^,]+),.*$/, '$1') }]
      : [],
  ),
];

let stack: TestStack;
const exported = new Set<string>();

beforeAll(async () => {
  stack = await startTestStack({ subgraphs: ['accounts'] });
  for (const url of [stack.url, stack.stack.subgraphUrls.accounts!]) {
    const body = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
    for (const [, name, type] of body.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      exported.add(name!);
      if (type === 'histogram' || type === 'summary')
        for (const suffix of ['_bucket', '_sum', '_count']) exported.add(name! + suffix);
    }
  }
});

afterAll(async () => {
  await stack?.close();
});

describe('metric names of the alert rules and the dashboard', () => {
  it('are read from the expressions', () => {
    expect(metricNames('sum by (service, le) (rate(foo_bucket{code="A"}[5m])) / bar > 480 * 1024 and up == 0')).toEqual([
      'foo_bucket',
      'bar',
      'up',
    ]);
    expect(used.length).toBeGreaterThan(20);
  });

  it('are all exported by the running processes', () => {
    // What the rules need beyond the basics is there too.
    for (const name of [
      'outbox_pending_events',
      'events_dead_lettered_total',
      'event_delivery_lag_seconds_bucket',
      'graphql_errors_total',
    ])
      expect(exported).toContain(name);
    const unknown = used.flatMap(({ where, expr }) =>
      metricNames(expr)
        .filter((name) => !exported.has(name) && !PROMETHEUS_OWN.has(name))
        .map((name) => `${where}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });
});
