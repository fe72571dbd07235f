/**
 * The DoctorPy live spec: how a subgraph declares, beside each of its `Subscription` fields, what
 * the gateway needs to serve it, with `@live` (linked from LIVE_SPEC_URL and kept in the
 * supergraph by `@composeDirective`):
 *
 *   event / topic   what triggers it: a catalog event name, or a live topic this subgraph publishes
 *                   (the publisher reads the topic from this declaration: liveTopic()).
 *   query           the Query field that answers each event with the subscriber's selection,
 *   queryArgs       its arguments, "name: source"; a source is event.<field> (the event's payload or
 *                   the signal's data), args.<argument> (of the subscription) or viewer.id.
 *   match           which events concern a subscriber, every rule must hold:
 *                     "event.<field> = args.<argument>"   when the argument is given;
 *                     "event.<field> in args.<argument>"  when the list is given and not empty;
 *                     "event.<field> = viewer.id"         for signed-in subscribers only; with
 *                     "unless ROLE, ROLE": those roles see everyone's events, and only they may
 *                     name another user in an argument rule on the same field (FORBIDDEN).
 *   eventNameArgs   arguments whose values must be catalog event names (BAD_USER_INPUT).
 *   check           run the query once when subscribing (its arguments come from the subscription
 *                   only): an error it answers (bad input, forbidden) refuses the subscription.
 *   coalesce        events arriving while an answer is computed trigger one more answer, not one each.
 *
 * Who may subscribe is also said by the federation directives on the field and on the answering
 * query field (@authenticated, @requiresScopes), which the gateway enforces when subscribing.
 */
import { readFileSync } from 'node:fs';
import {
  Kind,
  parse,
  print,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DirectiveDefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
} from 'graphql';
import type { Viewer } from '../auth/viewer.ts';

export const LIVE_SPEC_URL = 'https://specs.doctorpy.dev/live/v0.1';

/** The definition every subgraph that declares subscriptions holds, word for word (a test checks). */
export const LIVE_DIRECTIVE_SDL = `directive @live(
  event: String
  topic: String
  query: String!
  queryArgs: [String!]! = []
  match: [String!]! = []
  eventNameArgs: [String!]! = []
  check: Boolean! = false
  coalesce: Boolean! = false
) on FIELD_DEFINITION`;

export type LiveSource = { from: 'event'; path: string[] } | { from: 'args'; name: string } | { from: 'viewer' };

export interface LiveRule {
  /** The field of the event (payload or signal data) the rule reads. */
  path: string[];
  op: '=' | 'in';
  source: LiveSource;
  /** For viewer rules: roles that see everyone's events. */
  unless: string[];
  text: string;
}

export type LiveTrigger = { kind: 'event'; name: string } | { kind: 'live'; topic: string };

export interface LiveDeclaration {
  field: string;
  trigger: LiveTrigger;
  query: string;
  queryArgs: Array<{ name: string; source: LiveSource }>;
  match: LiveRule[];
  eventNameArgs: string[];
  check: boolean;
  coalesce: boolean;
}

const IDENT = '[_A-Za-z][_0-9A-Za-z]*';
const PATH = `${IDENT}(?:\\.${IDENT})*`;
const SOURCE = new RegExp(`^(?:event\\.(${PATH})|args\\.(${IDENT})|(viewer\\.id))$`);
const QUERY_ARG = new RegExp(`^(${IDENT})\\s*:\\s*(\\S+)$`);
const RULE = new RegExp(`^event\\.(${PATH})\\s+(=|in)\\s+(\\S+)(?:\\s+unless\\s+(${IDENT}(?:\\s*,\\s*${IDENT})*))?$`);

function parseSource(text: string): LiveSource {
  const match = SOURCE.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a source (event.<field>, args.<argument> or viewer.id)`);
  if (match[1]) return { from: 'event', path: match[1].split('.') };
  if (match[2]) return { from: 'args', name: match[2] };
  return { from: 'viewer' };
}

function parseRule(text: string): LiveRule {
  const match = RULE.exec(text.trim());
  if (!match) throw new Error(`match "${text}" is not "event.<field> = <source>" or "event.<field> in args.<argument>"`);
  const [, path, op, sourceText, roles] = match;
  const source = parseSource(sourceText!);
  if (source.from === 'event') throw new Error(`match "${text}" compares the event with itself`);
  if (op === 'in' && source.from !== 'args') throw new Error(`match "${text}": "in" takes a list argument`);
  if (roles && source.from !== 'viewer') throw new Error(`match "${text}": "unless" is for viewer.id rules`);
  const unless = roles ? roles.split(',').map((role) => role.trim()) : [];
  return { path: path!.split('.'), op: op as LiveRule['op'], source, unless, text };
}

const argumentOf = (directive: ConstDirectiveNode, name: string): unknown => {
  const node = directive.arguments?.find((argument) => argument.name.value === name);
  return node ? valueFromASTUntyped(node.value) : undefined;
};
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** Reads one `@live(...)`; throws with what is wrong. */
export function readLiveDirective(field: string, directive: ConstDirectiveNode): LiveDeclaration {
  const event = argumentOf(directive, 'event');
  const topic = argumentOf(directive, 'topic');
  if (typeof event === typeof topic) throw new Error('give exactly one of event and topic');
  const query = argumentOf(directive, 'query');
  if (typeof query !== 'string' || !new RegExp(`^${IDENT}$`).test(query)) throw new Error('query must name a Query field');
  return {
    field,
    trigger: typeof event === 'string' ? { kind: 'event', name: event } : { kind: 'live', topic: String(topic) },
    query,
    queryArgs: strings(argumentOf(directive, 'queryArgs')).map((text) => {
      const match = QUERY_ARG.exec(text.trim());
      if (!match) throw new Error(`queryArgs "${text}" is not "name: source"`);
      return { name: match[1]!, source: parseSource(match[2]!) };
    }),
    match: strings(argumentOf(directive, 'match')).map(parseRule),
    eventNameArgs: strings(argumentOf(directive, 'eventNameArgs')),
    check: argumentOf(directive, 'check') === true,
    coalesce: argumentOf(directive, 'coalesce') === true,
  };
}

/** The fields of object type `typeName`, its extensions included. */
export function fieldsOf(document: DocumentNode, typeName: string): FieldDefinitionNode[] {
  return document.definitions
    .filter(
      (
        node: DefinitionNode,
      ): node is Extract<DefinitionNode, { kind: Kind.OBJECT_TYPE_DEFINITION | Kind.OBJECT_TYPE_EXTENSION }> =>
        (node.kind === Kind.OBJECT_TYPE_DEFINITION || node.kind === Kind.OBJECT_TYPE_EXTENSION) && node.name.value === typeName,
    )
    .flatMap((node) => node.fields ?? []);
}

export const liveDirectiveOf = (field: FieldDefinitionNode): ConstDirectiveNode | undefined =>
  field.directives?.find((directive) => directive.name.value === 'live');

/** The directive definition a schema holds, printed, to compare with LIVE_DIRECTIVE_SDL. */
export function printedLiveDefinition(document: DocumentNode): string | undefined {
  const definition = document.definitions.find(
    (node): node is DirectiveDefinitionNode => node.kind === Kind.DIRECTIVE_DEFINITION && node.name.value === 'live',
  );
  return definition ? print({ ...definition, description: undefined }) : undefined;
}

/** A subgraph's declaration of one of its Subscription fields, read from its schema file. */
export function liveDeclarationIn(schemaFile: string | URL, field: string): LiveDeclaration {
  const node = fieldsOf(parse(readFileSync(schemaFile, 'utf8')), 'Subscription').find((each) => each.name.value === field);
  const directive = node && liveDirectiveOf(node);
  if (!directive) throw new Error(`${String(schemaFile)}: Subscription.${field} has no @live declaration`);
  return readLiveDirective(field, directive);
}

/** The topic a subgraph publishes for one of its Subscription fields: the one its schema declares. */
export function liveTopic(schemaFile: string | URL, field: string): string {
  const { trigger } = liveDeclarationIn(schemaFile, field);
  if (trigger.kind !== 'live') throw new Error(`Subscription.${field} is triggered by an event, not a topic`);
  return trigger.topic;
}

/**
 * Who may follow the events a user owns, by a declaration's viewer rules: the user themself, and
 * the roles its `unless` names. A subgraph asks it for the query that answers the subscription,
 * so both admit the same people.
 */
export function mayFollow(declaration: LiveDeclaration, viewer: Viewer | undefined, ownerId: string): boolean {
  if (!viewer) return false;
  return declaration.match
    .filter((rule) => rule.source.from === 'viewer')
    .every(
      (rule) => ownerId === viewer.userId || rule.unless.some((role) => viewer.roles.includes(role as Viewer['roles'][number])),
    );
}
