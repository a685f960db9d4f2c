import path from 'node:path';
import type { Config } from '../config.ts';
import { openDb, sqliteFileIn } from '../db/connect.ts';
import { importOrders } from '../import/import-orders.ts';
import { importSellers } from '../import/import-sellers.ts';
import type { Logger } from '../logger.ts';
import { createSellerFolders } from '../pipeline.ts';

/** `sellers import` and `orders import`: upserts the good rows and lists the bad ones by line. */
export async function runImport(app: { config: Config; logger: Logger }, what: 'sellers' | 'orders', file: string): Promise<void> {
  const db = await openDb({ databaseUrl: app.config.databaseUrl, sqliteFile: sqliteFileIn(app.config.home), logger: app.logger });
  try {
    const filePath = path.resolve(file);
    const result = what === 'sellers' ? await importSellers(db, filePath) : await importOrders(db, filePath);
    const imported = result.inserted + result.updated;
    const nouns = what === 'sellers' ? ['vendedor importado', 'vendedores importados'] : ['pedido importado', 'pedidos importados'];
    const noun = imported === 1 ? nouns[0] : nouns[1];
    const inserted = `${result.inserted} ${result.inserted === 1 ? 'nuevo' : 'nuevos'}`;
    const updated = `${result.updated} ${result.updated === 1 ? 'actualizado' : 'actualizados'}`;
    process.stdout.write(`${imported} ${noun} de ${filePath} (${inserted}, ${updated}).\n`);
    if (result.rejected.length > 0) {
      // JSON rejections are numbered by array element, CSV ones by file line.
      const unit = /\.json$/i.test(filePath) ? 'elemento' : 'línea';
      process.stdout.write(result.rejected.length === 1 ? '1 fila rechazada:\n' : `${result.rejected.length} filas rechazadas:\n`);
      for (const row of result.rejected) process.stdout.write(`  ${unit} ${row.line}: ${row.message}\n`);
      process.exitCode = 1;
    }
    app.logger.info({ what, file: filePath, imported: (result.inserted + result.updated), rejected: result.rejected.length }, 'import finished');
    // After the summary, so that an operator whose drop root cannot be written still learns that the sellers were saved.
    if (what === 'sellers') await createSellerFolders(db, app.config.dropRoot);
  } finally {
    await db.destroy();
  }
}
