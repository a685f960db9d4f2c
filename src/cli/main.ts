import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig, ConfigError, type ConfigOverrides } from '../config.ts';
import { createLogger } from '../logger.ts';
import { RedisUnavailableError } from '../queue/private-redis.ts';
import { runStart } from './run-start.ts';
import { runIngest } from './run-ingest.ts';
import { runImport } from './run-import.ts';
import { runDemo } from './run-demo.ts';
import { spanishHelp, spanishOutput } from './spanish-output.ts';

interface GlobalFlags {
  home?: string;
  dropRoot?: string;
  redisUrl?: string;
  databaseUrl?: string;
  logLevel?: string;
}

function overridesOf(flags: GlobalFlags): ConfigOverrides {
  return { home: flags.home, dropRoot: flags.dropRoot, redisUrl: flags.redisUrl, databaseUrl: flags.databaseUrl, logLevel: flags.logLevel };
}

/** Interactive commands log warnings only, unless LOG_LEVEL or --log-level ask for more. */
function setup(program: Command, quiet: boolean) {
  const flags = program.opts<GlobalFlags>();
  const overrides = overridesOf(flags);
  if (quiet && !overrides.logLevel && !process.env.LOG_LEVEL) overrides.logLevel = 'warn';
  const config = loadConfig(overrides);
  return { config, logger: createLogger(config.logLevel) };
}

function buildProgram(): Command {
  const program = new Command('comprobantes')
    .description('Carga masiva de comprobantes de pago (boletas y facturas) a pedidos del marketplace')
    .helpOption('-h, --help', 'muestra esta ayuda')
    .helpCommand('help [comando]', 'muestra la ayuda de un comando')
    .configureOutput(spanishOutput)
    .configureHelp(spanishHelp)
    .option('--home <carpeta>', 'carpeta de datos (COMPROBANTES_HOME; por defecto ./data)')
    .option('--drop-root <carpeta>', 'carpeta raíz de los buzones de vendedores (COMPROBANTES_DROP_ROOT)')
    .option('--redis-url <url>', 'Redis para las colas (REDIS_URL)')
    .option('--database-url <url>', 'PostgreSQL en lugar de SQLite (DATABASE_URL)')
    .option('--log-level <nivel>', 'nivel de log: error, warn, info, debug (LOG_LEVEL)');

  program
    .command('start')
    .description('vigila los buzones y procesa los lotes hasta recibir SIGTERM o SIGINT')
    .option('--no-watch', 'solo procesa la cola, sin vigilar carpetas')
    .action(async (options: { watch: boolean }) => runStart(setup(program, false), { watch: options.watch }));

  program
    .command('worker')
    .description('solo procesa la cola (para más procesos de trabajo)')
    .action(async () => runStart(setup(program, false), { watch: false }));

  program
    .command('ingest <archivo>')
    .description('carga un ZIP o CSV de un vendedor sin pasar por su buzón')
    .requiredOption('--seller <id>', 'id del vendedor')
    .option('--wait', 'espera el reporte del lote (procesándolo en este proceso)')
    .option('--json', 'con --wait, imprime solo el resumen en JSON')
    .action(async (file: string, options: { seller: string; wait?: boolean; json?: boolean }) =>
      runIngest(setup(program, true), { file, sellerId: options.seller, wait: Boolean(options.wait || options.json), json: Boolean(options.json) }),
    );

  const sellers = program.command('sellers').description('vendedores');
  sellers
    .command('import <archivo>')
    .description('importa vendedores (CSV o JSON: seller_id, ruc, razon_social)')
    .action(async (file: string) => runImport(setup(program, true), 'sellers', file));

  const orders = program.command('orders').description('pedidos');
  orders
    .command('import <archivo>')
    .description('importa pedidos (CSV o JSON; ver README)')
    .action(async (file: string) => runImport(setup(program, true), 'orders', file));

  program
    .command('demo')
    .description('crea vendedores y pedidos de prueba, deja un lote realista en un buzón y muestra el resultado')
    .addOption(new Option('--receipts <n>', 'comprobantes en el lote de prueba').default(24).argParser(positiveCount))
    .action(async (options: { receipts: number }) => runDemo(setup(program, true), { receipts: options.receipts }));

  return program;
}

const redisHelp: Record<RedisUnavailableError['problem'], string> = {
  unreachable: 'Inicie ese Redis, o quite REDIS_URL para que el programa levante uno propio.',
  not_installed: 'Instale Redis (por ejemplo: sudo apt-get install redis-server) o indique uno con REDIS_URL.',
  start_failed: 'No se pudo iniciar el redis-server propio; revise redis.log en la carpeta redis/ de los datos.',
};

function positiveCount(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(count) || count < 1) throw new InvalidArgumentError('se espera un número entero mayor que 0.');
  return count;
}

function reportError(err: unknown): number {
  if (err instanceof ConfigError) {
    process.stderr.write('Configuración inválida:\n');
    for (const problem of err.problems) process.stderr.write(`  ${problem.option} = ${JSON.stringify(problem.value)} no es válido: se espera ${problem.expected}\n`);
    process.stderr.write('Corrija la variable de entorno o la opción; la tabla de configuración del README da cada una con su valor por defecto.\n');
    return 2;
  }
  if (err instanceof RedisUnavailableError) {
    process.stderr.write(`No se pudo conectar a Redis en ${err.url}.\n${redisHelp[err.problem]}\n`);
    return 3;
  }
  process.stderr.write(`Error: ${(err as Error).message}\n`);
  return 1;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportError(err);
}
