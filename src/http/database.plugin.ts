import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { connect, type Database, migrateToLatest } from '../db/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
  }
}

/** Opens the database, applies migrations and closes it with the app. */
export const databasePlugin = fp(
  async (app: FastifyInstance, opts: { url: string }) => {
    const database = connect(opts.url);
    app.decorate('database', database);
    app.addHook('onClose', async () => database.close());
    await migrateToLatest(database.db, database.dialect);
  },
  { name: 'database' },
);
