import type {
  ContextConfigDefault,
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
  RouteShorthandOptions,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Method, Operation, OperationSchema } from '@gongjiang/contract';
import type { AuthUser } from '../plugins/auth';

/** Helpers the route files share (route files never import each other). */

/** The API as route files use it: request and reply typed from each operation's TypeBox schemas. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A route handler, its request and reply typed by the operation's schema. */
type Handler<S extends OperationSchema> = RouteHandlerMethod<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  RouteGenericInterface,
  ContextConfigDefault,
  S,
  TypeBoxTypeProvider
>;

/**
 * Serves one operation of packages/contract: its method, path and schema are the contract's (written once there), the
 * route adds who may call it (`onRequest`), any other route options, and the handler.
 */
export function serve<S extends OperationSchema>(
  app: Api,
  operation: Operation<Method, string, S>,
  options: Omit<RouteShorthandOptions, 'schema'>,
  handler: Handler<S>,
): void {
  app.route({ ...options, method: operation.method, url: operation.path, schema: operation.schema, handler });
}

/** Optional auth: a valid token identifies the caller, none means anonymous (public lists). */
export async function optionalUser(
  app: FastifyInstance,
  request: Parameters<FastifyInstance['authenticate']>[0],
): Promise<AuthUser | undefined> {
  if (!request.headers.authorization && !request.cookies.gj_access) return undefined;
  await app.authenticate.call(app, request, undefined as never);
  return request.user;
}

/** RFC 6266 / 5987: an ASCII fallback for old clients, the real (Chinese) name in `filename*`. */
export function attachment(reply: FastifyReply, filename: string, asciiFallback: string) {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return reply
    .header('content-disposition', `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`)
    .header('cache-control', 'private, no-store');
}
