import type { Knex } from 'knex';

/** Amounts are stored as decimal text ("118.00"): SQLite has no exact decimal type. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sellers', (table) => {
    table.string('id', 64).primary();
    table.string('ruc', 11).notNullable();
    table.string('name', 255).notNullable();
    table.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at').notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('orders', (table) => {
    table.increments('id');
    table.string('order_number', 64).notNullable().unique();
    table.string('seller_id', 64).notNullable().references('sellers.id');
    table.string('state', 32).notNullable();
    table.string('requested', 16).notNullable();
    table.string('buyer_doc_type', 2);
    table.string('buyer_doc_id', 20);
    table.string('buyer_name', 255);
    table.string('total', 24).notNullable();
    table.string('currency', 3).notNullable();
    table.string('order_date', 10).notNullable();
    table.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at').notNullable().defaultTo(knex.fn.now());
    table.index(['seller_id', 'order_number']);
  });

  await knex.schema.createTable('batches', (table) => {
    table.string('id', 40).primary();
    table.string('seller_id', 64).notNullable();
    table.string('source', 16).notNullable();
    table.string('file_name', 512).notNullable();
    table.string('file_sha256', 64).notNullable();
    table.bigInteger('file_size').notNullable();
    table.string('state', 16).notNullable();
    table.string('status', 16);
    table.string('duplicate_of', 40);
    table.integer('total').notNullable().defaultTo(0);
    table.integer('accepted').notNullable().defaultTo(0);
    table.integer('rejected').notNullable().defaultTo(0);
    table.integer('already_attached').notNullable().defaultTo(0);
    table.text('batch_findings');
    table.string('report_csv', 1024);
    table.string('report_json', 1024);
    table.timestamp('received_at').notNullable().defaultTo(knex.fn.now());
    table.timestamp('queued_at');
    table.timestamp('reported_at');
    table.index(['seller_id', 'file_sha256']);
    table.index(['state']);
  });

  // One row per (seller, file content): inserting it is how a batch claims its content,
  // so two watchers that see the same bytes cannot both process them.
  await knex.schema.createTable('batch_fingerprints', (table) => {
    table.string('seller_id', 64).notNullable();
    table.string('file_sha256', 64).notNullable();
    table.string('batch_id', 40).notNullable();
    table.primary(['seller_id', 'file_sha256']);
  });

  await knex.schema.createTable('attached_receipts', (table) => {
    table.increments('id');
    table.integer('order_id').notNullable().references('orders.id');
    table.string('seller_id', 64).notNullable();
    table.string('order_number', 64).notNullable();
    table.string('doc_type', 2).notNullable();
    table.string('series', 4).notNullable();
    table.integer('number').notNullable();
    table.string('number_text', 16).notNullable();
    table.string('issuer_ruc', 11).notNullable();
    table.string('total', 24);
    table.string('currency', 3);
    table.string('issue_date', 10);
    table.string('pdf_path', 1024);
    table.string('xml_path', 1024);
    table.string('pdf_sha256', 64);
    table.string('xml_sha256', 64);
    table.string('content_hash', 130).notNullable();
    table.string('batch_id', 40).notNullable();
    // Set to order_id for facturas and boletas, null for notes: the unique key below then
    // allows one payment receipt per order and any number of notes.
    table.integer('primary_order_id').unique();
    table.timestamp('attached_at').notNullable().defaultTo(knex.fn.now());
    table.unique(['issuer_ruc', 'doc_type', 'series', 'number']);
    table.index(['order_id']);
  });

  await knex.schema.createTable('receipt_outcomes', (table) => {
    table.increments('id');
    table.string('batch_id', 40).notNullable();
    table.string('item_key', 16).notNullable();
    table.integer('line');
    table.string('order_number', 64);
    table.text('files').notNullable();
    table.string('verdict', 20).notNullable();
    table.text('codes').notNullable();
    table.text('findings').notNullable();
    table.integer('attached_receipt_id');
    table.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    table.unique(['batch_id', 'item_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['receipt_outcomes', 'attached_receipts', 'batch_fingerprints', 'batches', 'orders', 'sellers']) {
    await knex.schema.dropTableIfExists(table);
  }
}
