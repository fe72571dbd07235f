/** A minimal GraphQL-over-HTTP client for scripts, benchmarks and tests. */
import { randomUUID } from 'node:crypto';
import { SIGNATURE_HEADER, signGatewayRequest } from './gateway-signature.ts';

export interface GraphQLResponse<Data = Record<string, unknown>> {
  data?: Data | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  status: number;
  /** The HTTP response headers (Retry-After, x-request-id...). */
  headers: Headers;
}

export async function graphqlRequest<Data = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: {
    token?: string;
    headers?: Record<string, string>;
    /** Sign as the gateway does with this secret: how benchmarks and tests call a subgraph directly. */
    gatewaySecret?: string;
    operationName?: string;
  } = {},
): Promise<GraphQLResponse<Data>> {
  const body = JSON.stringify({ query, variables, ...(options.operationName ? { operationName: options.operationName } : {}) });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...options.headers,
  };
  if (options.gatewaySecret) {
    headers['x-request-id'] ??= randomUUID();
    headers[SIGNATURE_HEADER] = signGatewayRequest(options.gatewaySecret, {
      body,
      requestId: headers['x-request-id'],
      authorization: headers.authorization,
      clientAddress: headers['x-client-address'],
    });
  }
  const response = await fetch(url, { method: 'POST', headers, body });
  const result = (await response.json()) as Omit<GraphQLResponse<Data>, 'status' | 'headers'>;
  return { ...result, status: response.status, headers: response.headers };
}

/** The data of a response that must not have errors (throws with the errors otherwise). */
export async function graphqlData<Data = Record<string, unknown>>(...args: Parameters<typeof graphqlRequest>): Promise<Data> {
  const result = await graphqlRequest<Data>(...args);
  if (result.errors?.length || !result.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(result.errors ?? result)}`);
  }
  return result.data;
}
