import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig, renderConfigDocs } from './config';
import { runFakesCommand } from './fakes-command';
import { startIris, stopOnSignal } from './main';
import { createPlatformAdmin } from './modules/users/create-platform-admin';
import { buildOpenApiDocument } from './openapi-document';
import { lockDataDir } from './platform/data-dir-lock';
import { openDatabase } from './platform/db/database';
import { AppError } from './platform/errors/app-error';
import { createLogger } from './platform/logging/logger';

const USAGE = `Usage: iris <command> [options]

Commands:
  start [--roles api,worker,voice]   run IRIS (all roles by default; IRIS_ROLES works too)
  migrate                            apply database migrations and exit
  create-admin --email E --name N [--password P]
                                     create a platform admin (asks for the password when omitted)
  config-docs                        print the configuration reference (Markdown)
  openapi                            print the OpenAPI 3.1 document (JSON)
  fakes [--only vonage,sinch] [--port-base 4100] [--iris-url URL]
                                     run the provider fakes for a local IRIS and print their config

Configuration comes from environment variables: see docs/configuration.md.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return start(rest);
    case 'migrate':
      return migrate();
    case 'create-admin':
      return createAdmin(rest);
    case 'config-docs':
      process.stdout.write(renderConfigDocs());
      return 0;
    case 'fakes':
      return runFakesCommand(rest, { irisUrl: config().http.publicUrl, dataDir: config().dataDir });
    case 'openapi':
      process.stdout.write(`${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function config(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({ ...process.env, ...overrides });
}

async function start(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { roles: { type: 'string' } } });
  const cfg = config({ IRIS_ROLES: values.roles ?? process.env.IRIS_ROLES });
  const logger = createLogger({ level: cfg.logLevel });
  mkdirSync(cfg.dataDir, { recursive: true });
  const lock = cfg.database.url ? undefined : lockDataDir(cfg.dataDir);
  const iris = await startIris({ config: cfg, logger });
  if (iris.http) printBanner(iris.http.url, cfg);

  await stopOnSignal(iris, logger);
  lock?.release();
  return 0;
}

function printBanner(url: string, cfg: Config) {
  const adminHint = cfg.database.url
    ? 'npx iris create-admin --email you@example.com --name "Your Name"'
    : 'stop IRIS (Ctrl+C), run  npx iris create-admin --email you@example.com --name "Your Name"  and start it again';
  console.log(`
  IRIS is running (${cfg.roles.join(', ')}; database: ${cfg.database.url ? 'PostgreSQL' : `embedded, in ${cfg.dataDir}`})

    App            ${url}/
    API reference  ${url}/docs
    OpenAPI        ${url}/v1/openapi.json
    Health         ${url}/health   Readiness ${url}/ready   Metrics ${url}/metrics

  First admin: ${adminHint}
`);
}

async function migrate(): Promise<number> {
  const cfg = config();
  const lock = cfg.database.url ? undefined : lockDataDir(cfg.dataDir);
  const database = await openDatabase({ url: cfg.database.url, dataDir: cfg.dataDir });
  try {
    await database.migrate();
    console.log(`migrations applied (${database.kind})`);
    return 0;
  } finally {
    await database.close();
    lock?.release();
  }
}

async function createAdmin(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
  });
  if (!values.email || !values.name) throw new UsageError('create-admin needs --email and --name');
  const password = values.password ?? (await askPassword());
  const cfg = config();
  mkdirSync(cfg.dataDir, { recursive: true });
  const lock = cfg.database.url ? undefined : lockDataDir(cfg.dataDir);
  const database = await openDatabase({ url: cfg.database.url, dataDir: cfg.dataDir });
  try {
    await database.migrate();
    const user = await createPlatformAdmin({
      db: database.db,
      input: { email: values.email, name: values.name, password },
    });
    console.log(`platform admin ${user.email} created (${user.id})`);
    return 0;
  } finally {
    await database.close();
    lock?.release();
  }
}

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError('--password is required when not run from a terminal');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  try {
    return await rl.question('Password (at least 10 characters): ');
  } finally {
    rl.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError) {
      console.error(`iris: ${error.message}`);
      if (error instanceof UsageError) console.error(`\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof AppError) {
      console.error(`iris: ${error.message}`);
      process.exit(1);
    }
    console.error(error);
    process.exit(1);
  },
);
