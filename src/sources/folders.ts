import path from 'node:path';

/** Folder names inside each seller's drop folder, as sellers and ops see them. */
export const sellerFolderNames = {
  inbox: 'entrada',
  claimed: 'en-proceso',
  processed: 'procesados',
  failed: 'con-errores',
  reports: 'reportes',
} as const;

export interface SellerFolders {
  readonly root: string;
  readonly inbox: string;
  readonly claimed: string;
  readonly processed: string;
  readonly failed: string;
  readonly reports: string;
}

/** Seller ids name folders, so they are limited to characters that are safe in a path segment. */
export const sellerIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function sellerFolders(dropRoot: string, sellerId: string): SellerFolders {
  if (!sellerIdPattern.test(sellerId)) throw new Error(`Invalid seller id for a folder name: ${JSON.stringify(sellerId)}`);
  const root = path.join(dropRoot, sellerId);
  return {
    root,
    inbox: path.join(root, sellerFolderNames.inbox),
    claimed: path.join(root, sellerFolderNames.claimed),
    processed: path.join(root, sellerFolderNames.processed),
    failed: path.join(root, sellerFolderNames.failed),
    reports: path.join(root, sellerFolderNames.reports),
  };
}

/** Folders under the data folder (COMPROBANTES_HOME). */
export function dataFolders(home: string) {
  return {
    /** Extracted batch files while a batch is checked; removed once it is reported. */
    work: path.join(home, 'trabajo'),
    /** Attached receipts, by seller and order. */
    storage: path.join(home, 'comprobantes'),
    /** Every batch's report for ops. */
    opsReports: path.join(home, 'reportes'),
  };
}

export function batchWorkDir(home: string, batchId: string): string {
  return path.join(dataFolders(home).work, batchId);
}

/** Returns the path where a claimed file waits while its batch runs: `en-proceso/<batchId>/<name>`. */
export function claimedPath(folders: SellerFolders, batchId: string, fileName: string): string {
  return path.join(folders.claimed, batchId, fileName);
}
