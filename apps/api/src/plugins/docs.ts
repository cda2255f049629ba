import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { TAGS } from '@gongjiang/contract';
import { DOCS_CSP } from './security';

/**
 * OpenAPI 3.1 document at /api/docs/json, Swagger UI at /api/docs (api-contract.md). Every operation comes from
 * @gongjiang/contract (plugins/contract.ts); its named schemas are the document's components, under their `$id`.
 * 3.1, not 3.0: its schemas are JSON Schema 2020-12, the dialect TypeBox writes (`type: "null"`, numeric
 * `exclusiveMinimum`), so the document says exactly what the API validates. `npm run lint:openapi` checks it.
 */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gongjiang 工匠 API',
        version: '1.1.0',
        description:
          'Skills contests, training classes and skill promotions for a city federation of trade unions. ' +
          'Errors are `{statusCode, error, code, message}`; messages follow Accept-Language (zh default, en). ' +
          'A 400 VALIDATION answer also lists the offending inputs in `fields: [{field, code, message}]`.',
        license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      },
      servers: [{ url: '/', description: 'this installation (the API is under /api)' }],
      tags: TAGS,
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        },
      },
    },
    // components are named by the contract's `$id`s (User, ErrorBody …), not def-0, def-1
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: DOCS_CSP });
}
