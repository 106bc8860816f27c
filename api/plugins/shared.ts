import type { FastifyPluginAsync } from 'fastify';

/**
 * A plugin whose hooks, parsers and handlers apply to the scope that registers it, not only to
 * itself: Fastify's documented `skip-override` mark (what the fastify-plugin package sets).
 */
export function shared<Options extends object>(plugin: FastifyPluginAsync<Options>): FastifyPluginAsync<Options> {
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}
