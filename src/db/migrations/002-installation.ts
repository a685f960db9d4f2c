import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * One row that names this database for good: every process that uses it reads the same id,
 * and another database has another, wherever it lives (queue-owner.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('installation', (table) => {
    table.string('id', 36).primary();
    table.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
  });
  await knex('installation').insert({ id: randomUUID() });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('installation');
}
