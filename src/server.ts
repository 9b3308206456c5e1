import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ensureFirstAdmin } from './auth/index.js';
import type { Config } from './config.js';
import { prepareDataDir } from './data-dir.js';
import { clearUploadSpool } from './http/upload.js';

/** Starts the HTTP server: data folder check, first-admin bootstrap, listen, graceful shutdown on signals. */
export async function startServer(config: Readonly<Config>) {
  prepareDataDir(config.dataDir, config.allowOpenDataDir);
  const app = await buildApp(config);
  app.server.requestTimeout = 120_000;
  app.server.keepAliveTimeout = 65_000;

  const admin = await ensureFirstAdmin(app.database.db, config.adminPassword, app.now());
  if (admin.created && admin.generatedPassword) {
    // Printed once, on stdout only (never to the structured log): the operator must
    // change it at first login.
    process.stdout.write(
      `\nFirst start: created user "admin" with password\n\n    ${admin.generatedPassword}\n\nIt must be changed at first login (POST /api/v1/auth/password).\n\n`,
    );
  } else if (admin.created) {
    app.log.info('created user "admin" with the password from CCTV_LEDGER_ADMIN_PASSWORD');
  }

  closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
  });

  await clearUploadSpool(config.dataDir);
  await app.listen({ port: config.port, host: config.host });
  return app;
}
