import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoBatch } from '../../src/demo/build-demo-batch.ts';
import { demoScenarios, demoSellers } from '../../src/demo/demo-scenarios.ts';
import { testPostgresUrl } from '../support/databases.ts';
import { claimQueuePrefix, ownerKey } from '../../src/queue/queue-owner.ts';
import { createRedis } from '../../src/queue/redis.ts';
import { freshCliEnv, runCli, spawnCli, waitForStderr, type CliUser } from '../support/run-cli.ts';

function freshEnv(): Record<string, string> {
  return freshCliEnv('c');
}

describe('comprobantes ingest --wait --json', () => {
  const env = freshEnv();
  const scenarios = demoScenarios({ count: 6, runTag: 'CLI', issueDate: '2026-12-01', mistakeEvery: 3 });
  let zipPath = '';

  beforeAll(async () => {
    const built = await buildDemoBatch(mkdtempSync(path.join(os.tmpdir(), 'cli-batch-')), 'lote-cli.zip', scenarios);
    zipPath = built.zipPath;
    expect((await runCli(['sellers', 'import', built.sellersCsv], env)).code).toBe(0);
    expect((await runCli(['orders', 'import', built.ordersCsv], env)).code).toBe(0);
  });

  it('prints exactly one JSON object with the summary', async () => {
    const result = await runCli(['ingest', zipPath, '--seller', demoSellers[0]!.id, '--wait', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]!);
    expect(Object.keys(summary)).toEqual(['batchId', 'seller', 'status', 'total', 'accepted', 'rejected', 'alreadyAttached', 'reasons', 'warnings', 'reports']);
    expect(summary).toMatchObject({ seller: 'tienda-andina', status: 'completed', total: 6, accepted: 4, rejected: 2, alreadyAttached: 0 });
    expect(summary.reasons).toEqual({ DOC_TYPE_NOT_REQUESTED: 1, TOTAL_MISMATCH: 1 });
    expect(summary.reports.csv).toMatch(/rechazos\.csv$/);
  });

  it('rejects an unknown seller with a Spanish message', async () => {
    const result = await runCli(['ingest', zipPath, '--seller', 'nadie', '--wait'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('el vendedor "nadie" no está registrado');
  });

  it('names the invalid setting', async () => {
    const result = await runCli(['ingest', zipPath, '--seller', 'x'], { ...env, REDIS_URL: 'localhost' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('redisUrl (REDIS_URL / --redis-url) = "localhost"');
    expect(result.stderr).toContain('se espera una URL que empiece con redis:// o rediss://');
  });

  it('says what a numeric setting expects', async () => {
    const result = await runCli(['ingest', zipPath, '--seller', 'x'], { ...env, COMPROBANTES_CHUNK_SIZE: '0' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('worker.chunkSize (COMPROBANTES_CHUNK_SIZE) = 0 no es válido: se espera un número entero de 1 a 1000');
  });

  it('rejects a demo of no receipts', async () => {
    const result = await runCli(['demo', '--receipts', '0'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("el valor '0' de la opción '--receipts <n>' no es válido");
  });

  it('lists rejected import rows by line', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cli-import-')), 'vendedores.csv');
    writeFileSync(file, 'seller_id,ruc,razon_social\nbuena,20601234565,Buena SAC\nmala,20123456789,Mala SAC\n');
    const result = await runCli(['sellers', 'import', file], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('1 vendedor importado');
    expect(result.stdout).toMatch(/línea 3: /);
  });
});

/** Returns a loopback port where nothing listens: one the kernel handed out and that was closed again. */
async function unusedLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Root ignores folder permissions, so as root the CLI runs as uid 65534, an unprivileged
// user. That needs a checkout this user can read, which a clone under /root is not.
const unprivileged: CliUser | undefined = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
const unprivilegedCanRun = unprivileged === undefined || (await runCli(['--help'], {}, unprivileged)).code === 0;

describe('comprobantes with an unusable database', () => {
  const sellersCsv = path.join(mkdtempSync(path.join(os.tmpdir(), 'cli-db-')), 'vendedores.csv');
  writeFileSync(sellersCsv, 'seller_id,ruc,razon_social\nbuena,20601234565,Buena SAC\n');

  it.each([
    ['sellers import', ['sellers', 'import', sellersCsv]],
    ['worker', ['worker']],
  ])('reports PostgreSQL down in %s', async (_name, args) => {
    const port = await unusedLoopbackPort();
    const result = await runCli(args, { ...freshEnv(), DATABASE_URL: `postgres://postgres:secreto@127.0.0.1:${port}/comprobantes` });

    expect(result.code).toBe(5);
    expect(result.stderr).toContain(`No se pudo conectar a PostgreSQL en postgres://postgres:***@127.0.0.1:${port}/comprobantes`);
    expect(result.stderr).toContain('(ECONNREFUSED)');
    expect(result.stderr).toContain('Inicie PostgreSQL o corrija DATABASE_URL (o --database-url)');
    expect(result.stderr).not.toContain('secreto');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe('');
  });

  it('reports a PostgreSQL server that never responds', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const started = Date.now();
    const result = await runCli(['sellers', 'import', sellersCsv], { ...freshEnv(), DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/comprobantes` });
    const elapsedMs = Date.now() - started;
    for (const socket of sockets) socket.destroy();
    silent.close();

    expect(result.code).toBe(5);
    expect(result.stderr).toContain(`No se pudo conectar a PostgreSQL en postgres://postgres@127.0.0.1:${port}/comprobantes: el servidor no respondió a tiempo.`);
    // 10 s of connect timeout plus the start of the CLI, well below knex's 60 s acquire timeout.
    expect(elapsedMs).toBeLessThan(30_000);
  });

  it('reports a missing PostgreSQL database', async () => {
    const name = `falta_${randomBytes(5).toString('hex')}`;
    const url = testPostgresUrl.replace(/\/[^/]*$/, `/${name}`);
    const result = await runCli(['sellers', 'import', sellersCsv], { ...freshEnv(), DATABASE_URL: url });

    expect(result.code).toBe(5);
    expect(result.stderr).toContain(`la base de datos "${name}" no existe`);
    expect(result.stderr).toMatch(new RegExp(`Créela \\(por ejemplo: createdb .*${name}\\)`));
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe('');
  });

  it('reports a data folder under a file', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cli-home-')), 'archivo');
    writeFileSync(file, '');
    const home = path.join(file, 'data');
    const result = await runCli(['sellers', 'import', sellersCsv], { ...freshEnv(), COMPROBANTES_HOME: home });

    expect(result.code).toBe(5);
    expect(result.stderr).toContain(`No se pudo crear o escribir la base SQLite ${home}/comprobantes.sqlite`);
    expect(result.stderr).toContain('una parte de la ruta es un archivo, no una carpeta (ENOTDIR)');
    expect(result.stderr).toContain('Indique con COMPROBANTES_HOME (o --home) una carpeta de datos');
  });

  it.skipIf(!unprivilegedCanRun).each([
    ['under a read-only folder', 'data', 'permiso denegado (EACCES)'],
    ['that is read-only', '', 'SQLite no pudo abrir ni crear el archivo (SQLITE_CANTOPEN)'],
  ])('reports a data folder %s', async (_name, below, reason) => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'cli-home-'));
    chmodSync(parent, 0o755);
    const readOnly = path.join(parent, 'solo-lectura');
    mkdirSync(readOnly, { mode: 0o555 });
    const home = path.join(readOnly, below);
    const result = await runCli(['worker'], { ...freshEnv(), COMPROBANTES_HOME: home }, unprivileged);

    expect(result.code, result.stderr).toBe(5);
    expect(result.stderr).toContain(`No se pudo crear o escribir la base SQLite ${path.join(home, 'comprobantes.sqlite')}: ${reason}`);
    expect(result.stdout).toBe('');
  });
});

describe('comprobantes with a drop root that cannot be created', () => {
  /** Returns a fresh environment whose drop root is under a regular file, so mkdir fails with ENOTDIR, even for root. */
  function envWithBadDropRoot(): Record<string, string> {
    const env = freshEnv();
    const file = path.join(env.COMPROBANTES_HOME!, 'archivo');
    writeFileSync(file, '');
    return { ...env, COMPROBANTES_DROP_ROOT: path.join(file, 'buzones') };
  }
  const sellersCsv = path.join(mkdtempSync(path.join(os.tmpdir(), 'cli-drop-')), 'vendedores.csv');
  writeFileSync(sellersCsv, 'seller_id,ruc,razon_social\nbuena,20601234565,Buena SAC\n');

  it('imports the sellers, then reports the folders', async () => {
    const env = envWithBadDropRoot();
    const result = await runCli(['sellers', 'import', sellersCsv], env);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('1 vendedor importado');
    expect(result.stderr).toContain(`No se pudo crear o escribir ${env.COMPROBANTES_DROP_ROOT}`);
    expect(result.stderr).toContain('una parte de la ruta es un archivo, no una carpeta (ENOTDIR)');
  });

  it('ends start with the error instead of hanging', async () => {
    const env = envWithBadDropRoot();
    await runCli(['sellers', 'import', sellersCsv], env);
    const result = await runCli(['start'], env);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No se pudo crear o escribir ${env.COMPROBANTES_DROP_ROOT}`);
    expect(result.stderr).toContain('COMPROBANTES_DROP_ROOT (buzones de los vendedores)');
  });
});

describe('comprobantes with a queue prefix of another installation', () => {
  it('rejects the start, says the fix', async () => {
    const env = freshEnv();
    const other = { id: 'f0e1d2c3-0000-4000-8000-000000000000', database: 'SQLite otro-servidor:/srv/comprobantes/data/comprobantes.sqlite' };
    const connection = createRedis(env.REDIS_URL!);
    try {
      await claimQueuePrefix(connection, env.COMPROBANTES_QUEUE_PREFIX!, other, env.REDIS_URL!);
      const result = await runCli(['worker'], env);

      expect(result.code).toBe(6);
      expect(result.stderr).toContain(`El prefijo de colas "${env.COMPROBANTES_QUEUE_PREFIX}" de Redis redis://127.0.0.1:6379 ya lo usa otra instalación, con la base de datos ${other.database}.`);
      expect(result.stderr).toContain(`Esta usa SQLite ${os.hostname()}:${path.join(env.COMPROBANTES_HOME!, 'comprobantes.sqlite')}.`);
      expect(result.stderr).toContain(`redis-cli -u redis://127.0.0.1:6379 DEL ${env.COMPROBANTES_QUEUE_PREFIX}:installation`);
      expect(JSON.parse((await connection.get(ownerKey(env.COMPROBANTES_QUEUE_PREFIX!)))!)).toEqual(other);
    } finally {
      await connection.del(ownerKey(env.COMPROBANTES_QUEUE_PREFIX!));
      connection.disconnect();
    }
  });
});

describe('comprobantes worker when another installation takes its prefix', () => {
  it('stops with exit code 6 after a reconnect', async () => {
    const env = freshEnv();
    const prefix = env.COMPROBANTES_QUEUE_PREFIX!;
    const connection = createRedis(env.REDIS_URL!);
    const child = spawnCli(['worker'], env);
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<unknown>((resolve) => child.on('close', resolve));
    try {
      await waitForStderr(child, 'procesando la cola');
      // As after a Redis restart without persistence: the record is another installation's, and the connection drops.
      const other = { id: 'f0e1d2c3-0000-4000-8000-000000000001', database: 'SQLite otro-servidor:/srv/otra/comprobantes.sqlite' };
      await connection.set(ownerKey(prefix), JSON.stringify(other));
      const clients = String(await connection.client('LIST')).split('\n').filter((line) => line.includes(` name=comprobantes-${prefix} `));
      expect(clients).toHaveLength(1);
      await connection.client('KILL', 'ID', /\bid=(\d+)/.exec(clients[0]!)![1]!);

      expect(await exited).toBe(6);
      expect(stderr).toContain(`El prefijo de colas "${prefix}" de Redis redis://127.0.0.1:6379 ya lo usa otra instalación, con la base de datos ${other.database}.`);
    } finally {
      child.kill('SIGKILL');
      await connection.del(ownerKey(prefix));
      connection.disconnect();
    }
  });
});

describe('comprobantes with Redis down', () => {
  it('hides the password of REDIS_URL', async () => {
    const port = await unusedLoopbackPort();
    const result = await runCli(['worker'], { ...freshEnv(), REDIS_URL: `redis://:secreto@127.0.0.1:${port}` });

    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`No se pudo conectar a Redis en redis://:***@127.0.0.1:${port}.`);
    expect(result.stderr).not.toContain('secreto');
  });
});

describe('comprobantes start', () => {
  /** Starts `start`, waits for its ready line, stops it with SIGTERM and returns its exit code and stderr. */
  async function startAndStop(nodeFlags?: readonly string[]): Promise<{ code: unknown; stderr: string }> {
    const child = spawnCli(['start'], freshEnv(), nodeFlags);
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    await waitForStderr(child, 'vigilando');
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('close', resolve));
    return { code, stderr };
  }

  function logLine(stderr: string, msg: string): Record<string, unknown> | undefined {
    return stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.msg === msg);
  }

  it('stops cleanly on SIGTERM', async () => {
    const { code, stderr } = await startAndStop();
    const heapLimitMb = logLine(stderr, 'started')?.heapLimitMb;

    expect(code).toBe(0);
    expect(stderr).toContain('"msg":"stopped"');
    // The limit is --max-old-space-size=512 plus V8's young generation, 560 on Node 20.
    expect(heapLimitMb).toBeGreaterThanOrEqual(512);
    expect(heapLimitMb).toBeLessThan(1024);
    expect(stderr).not.toContain('max-old-space-size');
  });

  it('warns without the heap limit', async () => {
    const { code, stderr } = await startAndStop([]);

    expect(code).toBe(0);
    expect(logLine(stderr, 'started')?.heapLimitMb).toBeGreaterThan(1024);
    expect(stderr).toContain('node --max-old-space-size=512 bin/comprobantes.js');
  });
});

describe('comprobantes --help', () => {
  it('aligns the Spanish command list', async () => {
    const result = await runCli(['--help'], freshEnv());
    const commands = result.stdout.slice(result.stdout.indexOf('Comandos:')).split('\n').filter((line) => /^ {2}\S/.test(line));
    // Where each description starts: after the command's term and the padding of two or more spaces.
    const columns = commands.map((line) => /^ {2}\S.*?\S {2,}/.exec(line)![0].length);

    expect(result.code).toBe(0);
    expect(commands.some((line) => line.includes('ingest [opciones] <archivo>'))).toBe(true);
    expect(new Set(columns).size).toBe(1);
  });
});
