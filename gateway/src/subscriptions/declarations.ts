/**
 * Turns the `@live` declarations of the supergraph's Subscription fields (platform/graphql/live.ts)
 * into what the subscription server runs: the trigger, who may subscribe, which events concern a
 * subscriber, and the query call that answers an event. Nothing here knows a field by name: a
 * subgraph adds a subscription by declaring it. A missing or inconsistent declaration is a
 * problem reported when the supergraph loads (and by a test over the composed supergraph).
 */
import {
  isListType,
  isNonNullType,
  getNamedType,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import type { Viewer } from '#platform/auth/viewer.ts';
import { badInput, forbidden, unauthenticated } from '#platform/errors.ts';
import { isEventName } from '#platform/events/catalog.ts';
import type { EventEnvelope } from '#platform/events/envelope.ts';
import {
  fieldsOf,
  liveDirectiveOf,
  readLiveDirective,
  type LiveDeclaration,
  type LiveRule,
  type LiveSource,
} from '#platform/graphql/live.ts';
import type { Trigger } from './live-feed.ts';

type Args = Record<string, unknown>;

export interface QueryCall {
  field: string;
  /** Argument name → [GraphQL type, value] for this event. */
  arguments: Record<string, [type: string, value: unknown]>;
}

export interface LiveField {
  declaration: LiveDeclaration;
  trigger: Trigger;
  /** At subscribe time: throws UNAUTHENTICATED / FORBIDDEN / BAD_USER_INPUT. */
  authorize(viewer: Viewer | undefined, args: Args): void;
  /** Does this event (envelope or live signal) concern this subscriber? */
  concerns(data: unknown, args: Args, viewer: Viewer | undefined): boolean;
  answer(data: unknown, args: Args, viewer: Viewer | undefined): QueryCall;
}

export interface LiveFields {
  fields: Map<string, LiveField>;
  /** What is wrong with the declarations, one line each; empty when every field is served. */
  problems: string[];
}

type Access = { kind: 'authenticated' } | { kind: 'scopes'; anyOf: string[][] } | { kind: 'policies' };

const SUBSCRIBE_WITH_TOKEN = 'Subscribe with a token in connection_init: { "authorization": "Bearer <token>" }';

function accessOf(directives: readonly ConstDirectiveNode[] | undefined): Access[] {
  const rules: Access[] = [];
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name === 'authenticated') rules.push({ kind: 'authenticated' });
    if (name === 'policy') rules.push({ kind: 'policies' });
    if (name === 'requiresScopes') {
      const scopes = directive.arguments?.find((argument) => argument.name.value === 'scopes')?.value;
      rules.push({ kind: 'scopes', anyOf: scopes ? (valueFromASTUntyped(scopes) as string[][]) : [] });
    }
  }
  return rules;
}

/** @authenticated and @requiresScopes, as the subgraphs enforce them (platform/auth/directives.ts). */
function enforce(access: Access[], viewer: Viewer | undefined): void {
  for (const rule of access) {
    if (rule.kind === 'policies') continue; // a subgraph's own checks: it applies them on each answer
    if (!viewer) throw unauthenticated(SUBSCRIBE_WITH_TOKEN);
    if (rule.kind === 'scopes' && !rule.anyOf.some((group) => group.every((scope) => hasRole(viewer, scope)))) {
      throw forbidden(`This needs the role ${rule.anyOf.map((group) => group.join(' + ')).join(' or ')}`);
    }
  }
}

const hasRole = (viewer: Viewer, role: string) => viewer.roles.includes(role as Viewer['roles'][number]);
const isGiven = (value: unknown) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
/** The payload of a catalog event, the data of a live signal; none for a `check` run at subscription. */
const bodyOf = (trigger: Trigger, data: unknown) =>
  trigger.kind === 'event' ? (data as EventEnvelope | undefined)?.payload : data;

function valueAt(body: unknown, path: string[]): unknown {
  let value = body;
  for (const key of path)
    value = value === null || typeof value !== 'object' ? undefined : (value as Record<string, unknown>)[key];
  return value;
}

function sourceValue(source: LiveSource, body: unknown, args: Args, viewer: Viewer | undefined): unknown {
  if (source.from === 'event') return valueAt(body, source.path);
  if (source.from === 'args') return args[source.name] ?? null;
  return viewer?.userId ?? null;
}

/** A viewer rule binds this viewer unless they hold one of its roles. */
const binds = (rule: LiveRule, viewer: Viewer | undefined) =>
  rule.source.from === 'viewer' && !rule.unless.some((role) => viewer && hasRole(viewer, role));

function ruleHolds(rule: LiveRule, body: unknown, args: Args, viewer: Viewer | undefined): boolean {
  const value = valueAt(body, rule.path);
  if (rule.source.from === 'viewer') return !binds(rule, viewer) || value === viewer?.userId;
  const given = args[(rule.source as { name: string }).name];
  if (!isGiven(given)) return true;
  return rule.op === 'in' ? (given as unknown[]).includes(value) : value === given;
}

function liveField(declaration: LiveDeclaration, access: Access[], answerField: GraphQLField<unknown, unknown>): LiveField {
  const trigger: Trigger =
    declaration.trigger.kind === 'event'
      ? { kind: 'event', name: declaration.trigger.name as Extract<Trigger, { kind: 'event' }>['name'] }
      : declaration.trigger;
  const argumentTypes = new Map(answerField.args.map((argument) => [argument.name, String(argument.type)]));
  const viewerRules = declaration.match.filter((rule) => rule.source.from === 'viewer');
  return {
    declaration,
    trigger,
    authorize(viewer, args) {
      enforce(access, viewer);
      if (viewerRules.length && !viewer) throw unauthenticated(SUBSCRIBE_WITH_TOKEN);
      for (const name of declaration.eventNameArgs) {
        const values = [args[name] ?? []].flat() as string[];
        const unknown = values.filter((value) => !isEventName(value));
        if (unknown.length) throw badInput(`Unknown event names in ${name}: ${unknown.join(', ')}`);
      }
      // Naming another user where a viewer rule binds this viewer could never match: refuse it.
      for (const rule of viewerRules.filter((each) => binds(each, viewer))) {
        const others = declaration.match.filter(
          (each) => each.source.from === 'args' && each.op === '=' && each.path.join('.') === rule.path.join('.'),
        );
        for (const other of others) {
          const named = args[(other.source as { name: string }).name];
          if (isGiven(named) && named !== viewer!.userId) {
            throw forbidden(
              rule.unless.length
                ? `Only ${rule.unless.join(' and ')} may follow other users' ${declaration.field}`
                : `You may only follow your own ${declaration.field}`,
            );
          }
        }
      }
    },
    concerns(data, args, viewer) {
      const body = bodyOf(trigger, data);
      return declaration.match.every((rule) => ruleHolds(rule, body, args, viewer));
    },
    answer(data, args, viewer) {
      const body = bodyOf(trigger, data);
      return {
        field: declaration.query,
        arguments: Object.fromEntries(
          declaration.queryArgs.map(({ name, source }) => [
            name,
            [argumentTypes.get(name)!, sourceValue(source, body, args, viewer)],
          ]),
        ),
      };
    },
  };
}

const nullable = (type: GraphQLInputType) => (isNonNullType(type) ? type.ofType : type);

/** Can a value of `from` (a subscription argument) be passed where `to` (a query argument) is expected? */
function fits(from: GraphQLArgument, to: GraphQLArgument): boolean {
  if (String(nullable(from.type)) !== String(nullable(to.type))) return false;
  return !isNonNullType(to.type) || isNonNullType(from.type) || from.defaultValue !== undefined;
}

/** Problems of one declaration against the API schema; empty when the gateway can serve it. */
function problemsOf(
  declaration: LiveDeclaration,
  field: GraphQLField<unknown, unknown>,
  answerField: GraphQLField<unknown, unknown> | undefined,
): string[] {
  const problems: string[] = [];
  const { trigger } = declaration;
  if (trigger.kind === 'event' && !isEventName(trigger.name)) problems.push(`unknown event ${trigger.name}`);
  if (!answerField) return [...problems, `unknown query field ${declaration.query}`];
  const own = new Map(field.args.map((argument) => [argument.name, argument]));
  const answerArgs = new Map(answerField.args.map((argument) => [argument.name, argument]));
  for (const { name, source } of declaration.queryArgs) {
    const target = answerArgs.get(name);
    if (!target) problems.push(`${declaration.query} has no argument ${name}`);
    if (source.from === 'args') {
      const argument = own.get(source.name);
      if (!argument) problems.push(`queryArgs: no argument ${source.name}`);
      else if (target && !fits(argument, target))
        problems.push(
          `queryArgs: ${source.name}: ${String(argument.type)} does not fit ${declaration.query}(${name}: ${String(target.type)})`,
        );
    }
    // The check runs before any event: an argument the event gives is null then, so it must be nullable.
    if (source.from === 'event' && declaration.check && (!target || isNonNullType(target.type)))
      problems.push(`check: ${name} comes from the event, unknown when subscribing (null then: make it nullable)`);
  }
  for (const argument of answerField.args) {
    const required = isNonNullType(argument.type) && argument.defaultValue === undefined;
    if (required && !declaration.queryArgs.some((each) => each.name === argument.name))
      problems.push(`queryArgs: ${declaration.query}(${argument.name}) is required`);
  }
  for (const rule of declaration.match) {
    if (rule.source.from !== 'args') continue;
    const argument = own.get(rule.source.name);
    if (!argument) problems.push(`match "${rule.text}": no argument ${rule.source.name}`);
    else if (rule.op === 'in' && !isListType(nullable(argument.type)))
      problems.push(`match "${rule.text}": ${rule.source.name} is not a list`);
  }
  for (const name of declaration.eventNameArgs) {
    const argument = own.get(name);
    if (!argument || getNamedType(argument.type).name !== 'String') problems.push(`eventNameArgs: no String argument ${name}`);
  }
  return problems;
}

/** The graph (subgraph) that resolves a supergraph field, from its @join__field. */
const ownerOf = (node: FieldDefinitionNode) => {
  const join = node.directives?.find((directive) => directive.name.value === 'join__field');
  const graph = join?.arguments?.find((argument) => argument.name.value === 'graph')?.value;
  return graph ? String(valueFromASTUntyped(graph)) : 'unknown';
};

/** Reads every Subscription field's declaration from the supergraph SDL's document. */
export function liveFieldsOf(supergraph: DocumentNode, apiSchema: GraphQLSchema): LiveFields {
  const fields = new Map<string, LiveField>();
  const problems: string[] = [];
  const subscriptionType = apiSchema.getSubscriptionType();
  const queryType = apiSchema.getQueryType();
  if (!subscriptionType || !queryType) return { fields, problems };
  const nodes = new Map(fieldsOf(supergraph, subscriptionType.name).map((node) => [node.name.value, node]));
  const queryNodes = new Map(fieldsOf(supergraph, queryType.name).map((node) => [node.name.value, node]));
  const topics = new Map<string, string>();

  for (const field of Object.values(subscriptionType.getFields())) {
    const node = nodes.get(field.name);
    const directive = node && liveDirectiveOf(node);
    const report = (problem: string) => problems.push(`${subscriptionType.name}.${field.name}: ${problem}`);
    if (!node || !directive) {
      report('no @live declaration');
      continue;
    }
    let declaration: LiveDeclaration;
    try {
      declaration = readLiveDirective(field.name, directive);
    } catch (error) {
      report((error as Error).message);
      continue;
    }
    const answerField = queryType.getFields()[declaration.query];
    const found = problemsOf(declaration, field, answerField);
    const access = accessOf(node.directives);
    if (access.some((rule) => rule.kind === 'policies'))
      found.push('@policy cannot be enforced by the gateway: use @requiresScopes or @live match rules');
    if (declaration.trigger.kind === 'live') {
      const owner = ownerOf(node);
      const holder = topics.get(declaration.trigger.topic);
      if (holder && holder !== owner) found.push(`topic ${declaration.trigger.topic} is published by another subgraph`);
      topics.set(declaration.trigger.topic, owner);
    }
    found.forEach(report);
    if (found.length || !answerField) continue;
    fields.set(
      field.name,
      liveField(declaration, [...access, ...accessOf(queryNodes.get(declaration.query)?.directives)], answerField),
    );
  }
  return { fields, problems };
}
