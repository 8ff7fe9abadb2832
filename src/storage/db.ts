/**
 * Opening the lab's database. Works in the page and in workers (IndexedDB exists in both).
 *
 * Two tabs on one origin: when a newer tab upgrades the schema, older tabs get `versionchange`, close their
 * connection at once (so the upgrade is not blocked) and are told to reload; they never write with a stale layout.
 */
import { type IDBPDatabase, openDB } from 'idb';
import { migrate } from './migrations.ts';
import { DB_NAME, DB_VERSION, type LabSchema } from './schema.ts';

export type LabDb = IDBPDatabase<LabSchema>;

export interface OpenOptions {
  name?: string;
  version?: number;
  /** This connection was closed because another tab upgraded the store; the page should ask for a reload. */
  onReplaced?: () => void;
  /** An older tab keeps the store open and has not closed it yet; the upgrade waits for it. */
  onBlocked?: () => void;
}

export class StorageUnavailableError extends Error {}

export async function openLabDb(options: OpenOptions = {}): Promise<LabDb> {
  if (typeof indexedDB === 'undefined') throw new StorageUnavailableError('this browser offers no IndexedDB (private mode?)');
  const db = await openDB<LabSchema>(options.name ?? DB_NAME, options.version ?? DB_VERSION, {
    upgrade: (database, oldVersion, newVersion, tx) =>
      migrate(database, oldVersion, newVersion ?? DB_VERSION, tx as unknown as Parameters<typeof migrate>[3]),
    blocked: () => options.onBlocked?.(),
    blocking: () => {
      db.close();
      options.onReplaced?.();
    },
  });
  return db;
}

/**
 * True for the errors a full disk or an exhausted origin quota raises. Chromium reports a quota hit during a
 * transaction as an AbortError whose transaction error is a QuotaExceededError, hence both names.
 */
export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  const inner = (e as { error?: { name?: string } } | null)?.error?.name;
  return name === 'QuotaExceededError' || inner === 'QuotaExceededError' || name === 'AbortError';
}
