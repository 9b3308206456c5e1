import path from 'node:path';
import { z } from 'zod';
import type { KeySettings } from './auth/index.js';
import type { XlsxLimits } from './files/index.js';

/**
 * Every setting the service reads from the environment, parsed once at start. Each variable is `.describe()`d so the README's settings table is
 * generated from this schema and a test keeps the two from drifting.
 */
const intFromEnv = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
const boolFromEnv = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

export const envSchema = z.object({
  PORT: intFromEnv(3000).describe('TCP port the HTTP server listens on.'),
  HOST: z.string().min(1).default('127.0.0.1').describe('Interface to listen on; 0.0.0.0 for all.'),
  DATA_DIR: z
    .string()
    .min(1)
    .default('./data')
    .describe(
      'Folder for the SQLite database, the signing keys and uploads in progress (created with mode 0700).',
    ),
  JWT_KEY_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      'File of the HS256 keys of access tokens, one base64 key of 32 bytes or more a line (openssl rand -base64 32): the first signs, every one verifies, so a key put first rotates without ending tokens of the old one. Unset: DATA_DIR/jwt-hs256.key, made at first start.',
    ),
  CHECKPOINT_KEY_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      'PEM file of the Ed25519 keys of ledger checkpoints: the first, a private key, signs; later ones (private or public keys) still verify the checkpoints they signed. Unset: DATA_DIR/checkpoint-ed25519.pem, made at the first checkpoint.',
    ),
  DATA_DIR_ALLOW_OPEN: boolFromEnv(false).describe(
    'Start even when other users may read, write or enter DATA_DIR; by default the service refuses.',
  ),
  DATABASE_URL: z
    .string()
    .optional()
    .describe(
      'sqlite:<file> (default sqlite:<DATA_DIR>/cctv-ledger.db) or a postgres:// URL to use PostgreSQL.',
    ),
  METRICS_TOKEN: z
    .string()
    .min(32, 'METRICS_TOKEN must be at least 32 characters')
    .optional()
    .describe(
      'Serves GET /metrics (Prometheus) to a scraper that sends it as a Bearer token; unset, there is no /metrics.',
    ),
  VERIFY_INTERVAL_MINUTES: intFromEnv(60).describe(
    'With METRICS_TOKEN: minutes between the service’s own walks of the whole hash chain (R4); 0: none.',
  ),
  CCTV_LEDGER_ADMIN_PASSWORD: z
    .string()
    .min(12)
    .optional()
    .describe(
      'Password of the first admin account on an empty database. Unset: a random one is printed once and must be changed at first login.',
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level.'),
  JWT_TTL_MINUTES: intFromEnv(15).describe('Lifetime of an access token in minutes.'),
  JWT_ISSUER: z.string().min(1).default('cctv-ledger').describe('iss claim of issued tokens.'),
  JWT_AUDIENCE: z.string().min(1).default('cctv-ledger-api').describe('aud claim of issued tokens.'),
  LOGIN_RATE_LIMIT_PER_MINUTE: intFromEnv(10).describe('Login attempts allowed per client IP per minute.'),
  RATE_LIMIT_PER_MINUTE: intFromEnv(1200).describe(
    'Requests allowed per client IP per minute on the API (0 turns the limit off).',
  ),
  PASSWORD_HASH_COST: z.coerce
    .number()
    .int()
    .min(10)
    .max(20)
    .default(16)
    .describe('log2 of the scrypt cost N for new password hashes (16 ≈ 0.3 s a login on 2 cores).'),
  LOCKOUT_THRESHOLD: intFromEnv(5).describe('Consecutive failed logins that lock an account.'),
  LOCKOUT_MINUTES: intFromEnv(15).describe('How long a locked account stays locked.'),
  BODY_LIMIT_BYTES: intFromEnv(1_048_576).describe('Largest JSON request body accepted.'),
  TRUST_PROXY: boolFromEnv(false).describe(
    'Trust X-Forwarded-For from a reverse proxy for the client IP in the access log.',
  ),
  SESSION_IDLE_MINUTES: intFromEnv(30).describe(
    'Web pages: a sign-in session ends after this many minutes without a request.',
  ),
  SESSION_MAX_HOURS: intFromEnv(12).describe(
    'Web pages: a sign-in session ends this many hours after sign-in, however busy.',
  ),
  LATE_ENTRY_MINUTES: intFromEnv(60).describe(
    'R5: an entry recorded later than this after the viewing ended is flagged late.',
  ),
  TWO_PERSON_DECISIONS: boolFromEnv(true).describe(
    'R13: the person who registered an outside request may not decide it.',
  ),
  COPY_DESTROY_DAYS: intFromEnv(7).describe(
    'R2: days after delivery after which an undestroyed copy is overdue.',
  ),
  RETENTION_HOURS: intFromEnv(336).describe('R1: hours recording metadata is kept (14 × 24 h).'),
  PURGE_INTERVAL_SECONDS: intFromEnv(300).describe('R1: seconds between retention purge passes.'),
  PURGE_BATCH_SIZE: intFromEnv(5000).describe('Rows deleted per transaction by the purge.'),
  VMS_EVENT_RETENTION_DAYS: intFromEnv(400).describe(
    'Days imported camera-system events are kept (deleted by the UTC day, so at most a day longer).',
  ),
  ACCESS_LOG_RETENTION_DAYS: intFromEnv(1826).describe('Days the service’s own access log is kept (R10).'),
  IMPORT_MAX_BYTES: intFromEnv(512 * 1024 * 1024).describe('Largest camera-system export file accepted.'),
  XLSX_MAX_UNCOMPRESSED_BYTES: intFromEnv(2 * 1024 * 1024 * 1024).describe(
    'Largest total uncompressed size of an XLSX file, checked before inflating.',
  ),
  XLSX_MAX_ENTRIES: intFromEnv(1000).describe('Most ZIP entries an XLSX file may have.'),
  XLSX_MAX_SHARED_STRINGS_BYTES: intFromEnv(64 * 1024 * 1024).describe(
    'Largest uncompressed shared-string table of an XLSX camera-system export, checked before inflating; the table is held in memory while the sheet is read.',
  ),
  XLSX_MAX_CELL_CHARS: intFromEnv(32_767).describe(
    'Most characters in one cell or shared string of an XLSX camera-system export (Excel’s own limit); reading stops at the first longer one.',
  ),
  XLSX_MAX_CELLS: intFromEnv(10_000_000).describe(
    'Most cells (and shared strings) in the worksheet of an XLSX camera-system export; reading stops past it.',
  ),
  XLSX_MAX_ROWS: intFromEnv(1_048_576).describe(
    'Most rows in the worksheet of an XLSX camera-system export (Excel’s own limit); reading stops past it.',
  ),
  LEDGER_IMPORT_MAX_BYTES: intFromEnv(8 * 1024 * 1024).describe(
    'Largest Excel ledger file accepted by the ledger import (a ledger kept by hand is small).',
  ),
  LEDGER_IMPORT_MAX_SHEET_BYTES: intFromEnv(16 * 1024 * 1024).describe(
    'Largest uncompressed size of an Excel ledger’s worksheets and shared strings together, checked before the workbook is read whole.',
  ),
  IMPORTS_MAX_CONCURRENT: z.coerce
    .number()
    .int()
    .min(1)
    .default(2)
    .describe(
      'Camera-system and ledger imports that run at once over the API; one more is refused with 503 and Retry-After.',
    ),
  OIDC_ISSUER: z
    .url()
    .optional()
    .describe(
      'Sign-in with the city’s identity provider (OpenID Connect): its issuer URL; unset, there is none. The issuer is the only outside service the service calls (R12).',
    ),
  OIDC_CLIENT_ID: z
    .string()
    .min(1)
    .optional()
    .describe('With OIDC_ISSUER: the client id registered at the provider.'),
  OIDC_CLIENT_SECRET: z
    .string()
    .min(1)
    .optional()
    .describe('With OIDC_ISSUER: the client secret; or OIDC_PRIVATE_KEY_FILE instead.'),
  OIDC_PRIVATE_KEY_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      'With OIDC_ISSUER: a PKCS#8 PEM file whose key signs the client’s assertions (private_key_jwt, RS256) instead of a secret.',
    ),
  OIDC_REDIRECT_URL: z
    .url()
    .optional()
    .describe(
      'With OIDC_ISSUER: the address the provider sends the browser back to, https://<service>/sign-in/oidc/callback; register it at the provider.',
    ),
  OIDC_SCOPES: z
    .string()
    .min(1)
    .default('openid profile email')
    .describe('With OIDC_ISSUER: scopes asked for.'),
  OIDC_USERNAME_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/)
    .default('preferred_username')
    .describe(
      'With OIDC_ISSUER: the claim whose value names the person (preferred_username, email or oid); an admin links that value to an account.',
    ),
  OIDC_API_AUDIENCE: z
    .string()
    .min(1)
    .optional()
    .describe(
      'With OIDC_ISSUER: the aud a provider token must carry to be accepted as a Bearer token by the API (default the client id).',
    ),
  OIDC_LOCAL_PASSWORDS: boolFromEnv(true).describe(
    'With OIDC_ISSUER: local passwords still sign in; false leaves them only to admins (the break-glass login).',
  ),
  OIDC_REQUIRED_GROUP: z
    .string()
    .min(1)
    .optional()
    .describe(
      'With OIDC_ISSUER: a group the person must be in at the provider (in the OIDC_GROUPS_CLAIM of their token); without it, signing in through the provider disables the account. Unset: no group is checked.',
    ),
  OIDC_GROUPS_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/)
    .default('groups')
    .describe('With OIDC_REQUIRED_GROUP: the claim that lists the person’s groups.'),
  OIDC_ALLOW_HTTP_ISSUER: boolFromEnv(false).describe(
    'Allow an issuer over plain http. Only for tests and development: a real provider is https.',
  ),
  SMTP_HOST: z
    .string()
    .min(1)
    .optional()
    .describe(
      'The operator’s mail relay for notifications by e-mail (R12: the only outside connection besides the identity provider); unset, no mail is written or sent.',
    ),
  SMTP_PORT: intFromEnv(587).describe('TCP port of the mail relay.'),
  SMTP_STARTTLS: boolFromEnv(true).describe(
    'Require STARTTLS on the relay connection (false: plain SMTP, only for a relay on the same host).',
  ),
  SMTP_USER: z.string().min(1).optional().describe('User name at the mail relay, if it asks for one.'),
  SMTP_PASSWORD: z.string().min(1).optional().describe('Password at the mail relay, with SMTP_USER.'),
  SMTP_FROM: z
    .string()
    .min(3)
    .default('cctv-ledger@localhost')
    .describe('The From address of notifications; its domain also ends their Message-ID.'),
  NOTIFY_BASE_URL: z
    .url()
    .default('http://127.0.0.1:3000')
    .describe('Address of the service as people reach it; the link in every notification starts with it.'),
  NOTIFY_INTERVAL_SECONDS: intFromEnv(60).describe(
    'Seconds between the passes that look for due alerts and send the outbox; 0: none in the service.',
  ),
  NOTIFY_DIGEST_HOUR: z.coerce
    .number()
    .int()
    .min(0)
    .max(23)
    .default(7)
    .describe('Hour (Europe/Helsinki) from which the daily digest of the day is sent to those who chose it.'),
  BACKUP_MAX_AGE_HOURS: intFromEnv(0).describe(
    'Hours after which the last `cctv-ledger backup` is too old: auditors and admins are mailed once a day while it is; 0 (default): not watched, for backups made by other means.',
  ),
  NOTIFY_MAX_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .default(12)
    .describe(
      'Attempts to hand a notification to the relay (with growing waits) before it is marked failed.',
    ),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  allowOpenDataDir: boolean;
  /** Where the signing keys come from. */
  keys: Readonly<KeySettings>;
  databaseUrl: string;
  adminPassword: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  jwt: { ttlMinutes: number; issuer: string; audience: string };
  rateLimit: { loginPerMinute: number; perMinute: number };
  lockout: { threshold: number; minutes: number };
  passwordHashCost: number;
  bodyLimitBytes: number;
  trustProxy: boolean;
  session: { idleMinutes: number; maxHours: number };
  /** The bearer token of the Prometheus scraper; null: no /metrics. */
  metricsToken: string | null;
  verifyIntervalMinutes: number;
  protocol: { lateEntryMinutes: number };
  requests: { twoPersonDecisions: boolean; copyDestroyDays: number };
  retention: {
    hours: number;
    purgeIntervalSeconds: number;
    purgeBatchSize: number;
    vmsEventDays: number;
    accessLogDays: number;
  };
  notifications: NotificationConfig;
  imports: {
    /** Largest camera-system export file. */
    maxBytes: number;
    /** Largest Excel ledger file. */
    ledgerMaxBytes: number;
    maxConcurrent: number;
    /** What a camera-system export workbook may hold. */
    xlsx: Readonly<XlsxLimits>;
    /** What an Excel ledger may hold: the same, and little sheet XML, since it is read whole. */
    ledgerXlsx: Readonly<XlsxLimits>;
  };
  /** Sign-in with the city's identity provider; null: none. */
  oidc: OidcConfig | null;
  /** Local passwords sign in (admins always may: the break-glass login). */
  localPasswords: boolean;
}

export interface OidcConfig {
  issuer: URL;
  clientId: string;
  clientSecret: string | null;
  privateKeyFile: string | null;
  redirectUrl: URL;
  scopes: string;
  usernameClaim: string;
  apiAudience: string;
  /** A group whose absence from the token disables the account; null: none checked. */
  requiredGroup: { name: string; claim: string } | null;
  allowHttpIssuer: boolean;
}

export interface NotificationConfig {
  /** null: notifications are off (no relay configured). */
  smtp: {
    host: string;
    port: number;
    startTls: boolean;
    auth: { user: string; pass: string } | null;
  } | null;
  from: string;
  baseUrl: string;
  intervalSeconds: number;
  digestHour: number;
  maxAttempts: number;
  /** BACKUP_MAX_AGE_HOURS; 0: the age of backups is not watched. */
  backupMaxAgeHours: number;
}

/** Parses the environment once; throws a readable error naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid settings:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    allowOpenDataDir: e.DATA_DIR_ALLOW_OPEN,
    keys: Object.freeze({
      dataDir,
      jwtKeyFile: e.JWT_KEY_FILE ? path.resolve(e.JWT_KEY_FILE) : null,
      checkpointKeyFile: e.CHECKPOINT_KEY_FILE ? path.resolve(e.CHECKPOINT_KEY_FILE) : null,
    }),
    databaseUrl: e.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'cctv-ledger.db')}`,
    adminPassword: e.CCTV_LEDGER_ADMIN_PASSWORD,
    logLevel: e.LOG_LEVEL,
    jwt: { ttlMinutes: e.JWT_TTL_MINUTES, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    rateLimit: { loginPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE, perMinute: e.RATE_LIMIT_PER_MINUTE },
    lockout: { threshold: e.LOCKOUT_THRESHOLD, minutes: e.LOCKOUT_MINUTES },
    passwordHashCost: e.PASSWORD_HASH_COST,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trustProxy: e.TRUST_PROXY,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS },
    metricsToken: e.METRICS_TOKEN ?? null,
    verifyIntervalMinutes: e.VERIFY_INTERVAL_MINUTES,
    protocol: { lateEntryMinutes: e.LATE_ENTRY_MINUTES },
    requests: { twoPersonDecisions: e.TWO_PERSON_DECISIONS, copyDestroyDays: e.COPY_DESTROY_DAYS },
    retention: {
      hours: e.RETENTION_HOURS,
      purgeIntervalSeconds: e.PURGE_INTERVAL_SECONDS,
      purgeBatchSize: e.PURGE_BATCH_SIZE,
      vmsEventDays: e.VMS_EVENT_RETENTION_DAYS,
      accessLogDays: e.ACCESS_LOG_RETENTION_DAYS,
    },
    notifications: notificationsConfig(e),
    imports: importsConfig(e),
    oidc: oidcConfig(e),
    localPasswords: e.OIDC_ISSUER === undefined || e.OIDC_LOCAL_PASSWORDS,
  });
}

function oidcConfig(e: Env): OidcConfig | null {
  if (e.OIDC_ISSUER === undefined) return null;
  const missing = [
    ...(e.OIDC_CLIENT_ID === undefined ? ['OIDC_CLIENT_ID'] : []),
    ...(e.OIDC_REDIRECT_URL === undefined ? ['OIDC_REDIRECT_URL'] : []),
    ...(e.OIDC_CLIENT_SECRET === undefined && e.OIDC_PRIVATE_KEY_FILE === undefined
      ? ['OIDC_CLIENT_SECRET or OIDC_PRIVATE_KEY_FILE']
      : []),
  ];
  if (missing.length > 0)
    throw new Error(`Invalid settings:\n  OIDC_ISSUER is set: set ${missing.join(', ')} too`);
  const issuer = new URL(e.OIDC_ISSUER);
  if (issuer.protocol !== 'https:' && !e.OIDC_ALLOW_HTTP_ISSUER)
    throw new Error('Invalid settings:\n  OIDC_ISSUER must be https (OIDC_ALLOW_HTTP_ISSUER is for tests)');
  const clientId = e.OIDC_CLIENT_ID!;
  return Object.freeze({
    issuer,
    clientId,
    clientSecret: e.OIDC_CLIENT_SECRET ?? null,
    privateKeyFile: e.OIDC_PRIVATE_KEY_FILE ?? null,
    redirectUrl: new URL(e.OIDC_REDIRECT_URL!),
    scopes: e.OIDC_SCOPES,
    usernameClaim: e.OIDC_USERNAME_CLAIM,
    apiAudience: e.OIDC_API_AUDIENCE ?? clientId,
    requiredGroup: e.OIDC_REQUIRED_GROUP ? { name: e.OIDC_REQUIRED_GROUP, claim: e.OIDC_GROUPS_CLAIM } : null,
    allowHttpIssuer: e.OIDC_ALLOW_HTTP_ISSUER,
  });
}

function notificationsConfig(e: Env): NotificationConfig {
  return Object.freeze({
    smtp: e.SMTP_HOST
      ? {
          host: e.SMTP_HOST,
          port: e.SMTP_PORT,
          startTls: e.SMTP_STARTTLS,
          auth: e.SMTP_USER && e.SMTP_PASSWORD ? { user: e.SMTP_USER, pass: e.SMTP_PASSWORD } : null,
        }
      : null,
    from: e.SMTP_FROM,
    baseUrl: e.NOTIFY_BASE_URL.replace(/\/+$/, ''),
    intervalSeconds: e.NOTIFY_INTERVAL_SECONDS,
    digestHour: e.NOTIFY_DIGEST_HOUR,
    maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
    backupMaxAgeHours: e.BACKUP_MAX_AGE_HOURS,
  });
}

function importsConfig(e: Env): Config['imports'] {
  const xlsx: XlsxLimits = {
    maxXlsxUncompressedBytes: e.XLSX_MAX_UNCOMPRESSED_BYTES,
    maxXlsxEntries: e.XLSX_MAX_ENTRIES,
    maxSharedStringsBytes: e.XLSX_MAX_SHARED_STRINGS_BYTES,
    // An export is streamed: only its total size bounds its sheet XML.
    maxSheetBytes: e.XLSX_MAX_UNCOMPRESSED_BYTES,
    maxCellChars: e.XLSX_MAX_CELL_CHARS,
    maxCells: e.XLSX_MAX_CELLS,
    maxRows: e.XLSX_MAX_ROWS,
  };
  return {
    maxBytes: e.IMPORT_MAX_BYTES,
    ledgerMaxBytes: e.LEDGER_IMPORT_MAX_BYTES,
    maxConcurrent: e.IMPORTS_MAX_CONCURRENT,
    xlsx: Object.freeze(xlsx),
    ledgerXlsx: Object.freeze({ ...xlsx, maxSheetBytes: e.LEDGER_IMPORT_MAX_SHEET_BYTES }),
  };
}

/** The README's settings table, generated from the schema (checked by tests/unit/config.test.ts). */
export function settingsTableMarkdown(): string {
  const rows = Object.entries(envSchema.shape).map(([name, schema]) => {
    const def = defaultOf(schema);
    return `| \`${name}\` | ${def === undefined ? '—' : `\`${def}\``} | ${schema.description ?? ''} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

function defaultOf(schema: z.ZodType): string | undefined {
  const result = schema.safeParse(undefined);
  if (!result.success || result.data === undefined) return undefined;
  return String(result.data);
}
