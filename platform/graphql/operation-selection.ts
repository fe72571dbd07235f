/**
 * Which operation of the document to run is the client's choice (GraphQL over HTTP): a name the
 * document does not define, several operations and no name, or several anonymous operations are
 * a bad request (HTTP 400, BAD_REQUEST), not a failure of the server. Without this the gateway
 * answered them with HTTP 500 (its executor finds no operation) and subgraphs with Apollo's own
 * OPERATION_RESOLUTION_FAILURE.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ApolloServerErrorCode.BAD_REQUEST, http: { status: 400 } } });
}

/** Why no single operation of `document` is selected by `operationName`, or undefined when one is. */
export function operationSelectionProblem(document: DocumentNode, operationName: string | undefined): string | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) {
    const named = operations.filter((operation) => operation.name?.value === operationName);
    if (named.length === 0) return `The document has no operation named ${JSON.stringify(operationName.slice(0, 100))}`;
    return undefined;
  }
  if (operations.length > 1) return 'The document has several operations: say which one to run in operationName';
  return undefined;
}

/**
 * Checked before validation, whose rule on several anonymous operations answers the same mistake
 * as GRAPHQL_VALIDATION_FAILED: that answer is replaced (Apollo lets no hook before validation
 * refuse a request with a code of its own). Checked again when the operation is resolved: a
 * document Apollo already validated and cached skips validation.
 */
export function operationSelectionPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      let problem: string | undefined;
      return {
        async validationDidStart({ document, request }) {
          problem = operationSelectionProblem(document, request.operationName);
        },
        async didResolveOperation({ document, operation, request }) {
          if (operation) return;
          throw badRequest(problem ?? operationSelectionProblem(document, request.operationName) ?? 'No operation to run');
        },
        async willSendResponse(requestContext) {
          if (!problem || requestContext.response.body.kind !== 'single') return;
          const error = { message: problem, extensions: { code: ApolloServerErrorCode.BAD_REQUEST } };
          requestContext.response.body.singleResult = { errors: [error] };
          requestContext.response.http.status = 400;
          // So that metrics and the log line count what the client got.
          (requestContext as { errors?: readonly GraphQLError[] }).errors = [badRequest(problem)];
        },
      };
    },
  };
}
