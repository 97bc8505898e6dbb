/**
 * The process's services on one SQLite database: layers, accounts, audit log, login throttle,
 * the record of bulk reads.
 * Opened on first use in LAGESKARTA_DATA_DIR and seeded from geodata/ on first start.
 */
import type { Db } from './db/database';
import { openDatabase } from './db/database';
import { FeatureStore } from './db/feature-store';
import { AccountStore, sessionLimits } from './auth/account-store';
import { AuditLog } from './auth/audit-log';
import { BulkReadLog } from './auth/bulk-reads';
import { LoginThrottle } from './auth/throttle';
import { LayerService } from './layer-service';
import { seedIfEmpty } from './seed';

export interface Services {
	db: Db;
	layers: LayerService;
	accounts: AccountStore;
	audit: AuditLog;
	throttle: LoginThrottle;
	/** Which sessions have read which sensitive layer whole (logged once each). */
	bulkReads: BulkReadLog;
}

export function createServices(db: Db): Services {
	const store = new FeatureStore(db);
	const accounts = new AccountStore(db);
	accounts.limits = sessionLimits(process.env, (message) => console.warn(message));
	seedIfEmpty(store, accounts);
	return { db, layers: new LayerService(store), accounts, audit: new AuditLog(db), throttle: new LoginThrottle(), bulkReads: new BulkReadLog(accounts.limits.absoluteMs) };
}

let current: Services | undefined;

export function services(): Services {
	current ??= createServices(openDatabase());
	return current;
}
