import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig, type ConfigOverrides } from '../config.ts';
import { createLogger } from '../logger.ts';
import { runStart } from './run-start.ts';
import { runIngest } from './run-ingest.ts';
import { runImport } from './run-import.ts';
import { runDemo } from './run-demo.ts';
import { reportError } from './report-error.ts';
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
    .option('--log-level <nivel>', 'nivel de log: fatal, error, warn, info, debug, trace o silent (LOG_LEVEL)');

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

function positiveCount(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(count) || count < 1) throw new InvalidArgumentError('se espera un número entero mayor que 0.');
  return count;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportError(err);
}
