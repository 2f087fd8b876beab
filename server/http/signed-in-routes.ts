import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type {
  ContextConfigDefault,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  HTTPMethods,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
} from 'fastify'
import { errorResponses } from '../../shared/api/common.ts'
import { type AccountActor, requireAccount } from '../auth/session-plugin.ts'

/** A route's schema as written at the route: its success answers only (the error answers are added). */
type RouteSchema = Omit<FastifySchema, 'tags' | 'response'> & { response: Record<number, unknown> }

/** The full schema the route is registered with. */
type Registered<S extends RouteSchema> = Omit<S, 'response'> & {
  tags: string[]
  response: S['response'] & typeof errorResponses
}

type Request<S extends FastifySchema> = FastifyRequest<
  RouteGenericInterface,
  RawServerDefault,
  RawRequestDefaultExpression,
  S,
  TypeBoxTypeProvider
>
type Reply<S extends FastifySchema> = FastifyReply<
  RouteGenericInterface,
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  ContextConfigDefault,
  S,
  TypeBoxTypeProvider
>
type Answer<S extends FastifySchema> = ReturnType<
  RouteHandlerMethod<
    RawServerDefault,
    RawRequestDefaultExpression,
    RawReplyDefaultExpression,
    RouteGenericInterface,
    ContextConfigDefault,
    S,
    TypeBoxTypeProvider
  >
>

/** A handler of a signed-in account's route: the account first, then Fastify's request and reply. */
type AccountHandler<S extends RouteSchema> = (
  actor: AccountActor,
  request: Request<Registered<S>>,
  reply: Reply<Registered<S>>,
) => Answer<Registered<S>>

type Method = <S extends RouteSchema>(url: string, schema: S, handler: AccountHandler<S>) => void

/**
 * The routes of one OpenAPI tag that only a signed-in account may call. Each route is written as its
 * URL, its schema without the tag and with only its success answers, and a handler given the account:
 * the tag, the error answers (`errorResponses`) and `requireAccount` (401 to anyone else) are added here,
 * so the route is registered exactly as if they were written out. `who` may ask for more than an account
 * (`requireCouncilAdmin`: 403 council_admin_only to other members).
 */
export function signedInRoutes(
  app: FastifyInstance,
  tag: string,
  who: (request: FastifyRequest) => AccountActor | Promise<AccountActor> = requireAccount,
): Record<'get' | 'post' | 'patch' | 'put' | 'delete', Method> {
  const method =
    (verb: HTTPMethods): Method =>
    (url, schema, handler) => {
      app.route({
        method: verb,
        url,
        schema: {
          tags: [tag],
          ...schema,
          response: { ...schema.response, ...errorResponses },
        } as FastifySchema,
        // The handler's types were checked where the route is written (AccountHandler).
        handler: async (request, reply) => handler(await who(request), request as never, reply as never),
      })
    }
  return {
    get: method('GET'),
    post: method('POST'),
    patch: method('PATCH'),
    put: method('PUT'),
    delete: method('DELETE'),
  }
}
