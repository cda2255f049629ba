import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { DOCS_CSP } from './security';

/** OpenAPI 3 document at /api/docs/json, Swagger UI at /api/docs (api-contract.md). */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Gongjiang 工匠 API',
        version: '1.0.0',
        description:
          'Skills contests, training classes and skill promotions for a city federation of trade unions. ' +
          'Errors are `{statusCode, error, code, message}`; messages follow Accept-Language (zh default, en).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        },
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: DOCS_CSP });
}
