import { COLLAB_LIMITS } from '@commonplace/shared';
import { z } from 'zod';

/**
 * Every environment variable the server reads, validated once at start-up.
 * docker-compose.yml is checked against this schema by a test, so the two
 * cannot drift apart.
 */
export const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    /** Folder of the embedded PGlite store (used when DATABASE_URL is not set). */
    DATA_DIR: z.string().min(1).default('./.data'),
    /** PostgreSQL connection string: events and read models move to PostgreSQL. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// connection string.')
      .optional(),
    /** KurrentDB connection string: the event log moves to KurrentDB (read models stay in SQL). */
    KURRENTDB_URL: z
      .string()
      .regex(
        /^(kurrentdb|esdb|kdb)(\+discover)?:\/\//,
        'KURRENTDB_URL must be a kurrentdb:// connection string.',
      )
      .optional(),
    /** Redis connection string: turns on relay between several server instances. */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// connection string.')
      .optional(),
    /** Secret that signs session tokens; at least 32 characters. Generated and kept in DATA_DIR when absent on the embedded store. */
    SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters.').optional(),
    /** How long a sign-in lasts, in hours. */
    SESSION_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    /** Seed the demo classroom into an empty store. */
    SEED_DEMO: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** Folder of the built web app to serve; empty to serve the API only. */
    WEB_DIST: z.string().optional(),
    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
    /** SMTP server for the guardians' weekly summary, `smtp://user:pass@host:587` or `smtps://…`; absent, no email is sent. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'SMTP_URL must be an smtp:// or smtps:// URL.')
      .optional(),
    /** The sender of the emails. */
    MAIL_FROM: z.string().min(3).default('Commonplace <no-reply@commonplace.invalid>'),
    /** Where people reach this server, for links in emails (no trailing slash needed). */
    PUBLIC_URL: z
      .string()
      .url('PUBLIC_URL must be a URL such as https://commonplace.example.org.')
      .regex(/^https?:\/\//, 'PUBLIC_URL must start with http:// or https://.')
      .default('http://localhost:3000'),
    /** Minutes present without an edit before the board shows a student as idle; fractions allowed (tests shorten it). */
    IDLE_MINUTES: z.coerce
      .number()
      .positive('IDLE_MINUTES must be more than 0.')
      .max(240, 'IDLE_MINUTES can be at most 240.')
      .default(8),
    /** Live collaboration connections one account may hold on one instance. */
    COLLAB_MAX_CONNECTIONS_PER_ACCOUNT: z.coerce
      .number()
      .int()
      .min(1, 'COLLAB_MAX_CONNECTIONS_PER_ACCOUNT must be at least 1.')
      .max(10_000, 'COLLAB_MAX_CONNECTIONS_PER_ACCOUNT can be at most 10000.')
      .default(COLLAB_LIMITS.maxConnectionsPerAccount),
    /** Update bytes one document accepts from its clients per minute. */
    COLLAB_MAX_APPEND_BYTES_PER_MINUTE: z.coerce
      .number()
      .int()
      .min(
        COLLAB_LIMITS.maxMessageBytes,
        `COLLAB_MAX_APPEND_BYTES_PER_MINUTE must be at least ${COLLAB_LIMITS.maxMessageBytes} (one largest message).`,
      )
      .default(COLLAB_LIMITS.maxAppendBytesPerMinute),
  })
  .superRefine((config, ctx) => {
    if (config.NODE_ENV === 'production' && config.DATABASE_URL && !config.SESSION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message:
          'SESSION_SECRET is required in production with DATABASE_URL (all instances must share it).',
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

/** The names of every variable the server reads. */
export const CONFIG_KEYS: readonly string[] = Object.keys(ConfigSchema.shape);

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `The server's configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const present = Object.fromEntries(
    CONFIG_KEYS.filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [
      key,
      env[key],
    ]),
  );
  const parsed = ConfigSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  return parsed.data;
}

export const CONFIG = Symbol('CONFIG');
