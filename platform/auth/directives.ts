/**
 * Enforces the federation authorization directives declared in a subgraph schema, since
 * @apollo/gateway does not:
 *   @authenticated                     any signed-in viewer
 *   @requiresScopes(scopes: [[...]])   scopes are roles; OR of groups, AND within a group
 *   @policy(policies: [[...]])         named checks (e.g. "self", "admin"); same OR/AND shape
 * On an object type they apply to each of its fields; field rules add to the type's.
 * Anonymous callers get UNAUTHENTICATED, signed-in callers lacking a rule get FORBIDDEN.
 */
import {
  defaultFieldResolver,
  isObjectType,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { forbidden, unauthenticated } from '../errors.ts';
import { hasRole, type Viewer } from './viewer.ts';

export interface PolicyInput {
  viewer: Viewer | undefined;
  parent: unknown;
  args: Record<string, unknown>;
  info: GraphQLResolveInfo;
}
export type Policy = (input: PolicyInput) => boolean | Promise<boolean>;
export type Policies = Record<string, Policy>;

/** A policy met by a viewer with one of `roles` (e.g. a subgraph's "admin" policy: `rolePolicy('ADMIN')`). */
export const rolePolicy =
  (...roles: string[]): Policy =>
  ({ viewer }) =>
    hasRole(viewer, ...roles);

type Rule = { kind: 'authenticated' } | { kind: 'scopes'; anyOf: string[][] } | { kind: 'policies'; anyOf: string[][] };

function rulesOf(directives: readonly ConstDirectiveNode[] | undefined): Rule[] {
  const rules: Rule[] = [];
  for (const directive of directives ?? []) {
    const groups = (argument: string): string[][] => {
      const value = directive.arguments?.find((arg) => arg.name.value === argument)?.value;
      return value ? (valueFromASTUntyped(value) as string[][]) : [];
    };
    if (directive.name.value === 'authenticated') rules.push({ kind: 'authenticated' });
    if (directive.name.value === 'requiresScopes') rules.push({ kind: 'scopes', anyOf: groups('scopes') });
    if (directive.name.value === 'policy') rules.push({ kind: 'policies', anyOf: groups('policies') });
  }
  return rules;
}

async function check(rule: Rule, policies: Policies, input: PolicyInput): Promise<void> {
  const { viewer } = input;
  if (rule.kind === 'authenticated') {
    if (!viewer) throw unauthenticated();
    return;
  }
  if (rule.kind === 'scopes') {
    if (!viewer) throw unauthenticated();
    if (!rule.anyOf.some((group) => group.every((scope) => viewer.roles.includes(scope)))) {
      throw forbidden(`This needs the role ${rule.anyOf.map((group) => group.join(' + ')).join(' or ')}`);
    }
    return;
  }
  for (const group of rule.anyOf) {
    let passed = true;
    for (const name of group) {
      if (!(await policies[name]!(input))) {
        passed = false;
        break;
      }
    }
    if (passed) return;
  }
  throw viewer ? forbidden() : unauthenticated();
}

/**
 * Wraps, in place, the resolvers of every field that carries a rule. Unknown policy names fail at
 * start-up rather than at the first request.
 */
export function enforceAuthorization(
  schema: GraphQLSchema,
  policies: Policies,
  viewerOf: (context: unknown) => Viewer | undefined,
): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeRules = rulesOf([type.astNode, ...type.extensionASTNodes].flatMap((node) => node?.directives ?? []));
    for (const field of Object.values(type.getFields())) {
      const rules = [...typeRules, ...rulesOf(field.astNode?.directives)];
      if (!rules.length) continue;
      for (const rule of rules) {
        if (rule.kind !== 'policies') continue;
        const missing = rule.anyOf.flat().filter((name) => !policies[name]);
        if (missing.length) throw new Error(`${type.name}.${field.name}: unknown policy ${missing.join(', ')}`);
      }
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = async (parent, args, context, info) => {
        const input = { viewer: viewerOf(context), parent, args, info };
        for (const rule of rules) await check(rule, policies, input);
        return resolve(parent, args, context, info);
      };
    }
  }
}
