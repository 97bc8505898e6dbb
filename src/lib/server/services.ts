/**
 * The server core in one place: `createServices(database)` builds every store and service on one
 * database (db/app-database.ts: SQLite or PostgreSQL), each given what it depends on (no store reaches for a global, none builds another),
 * and seeds a store on its first start. The server and the tests build them the same way.
 *
 *   request ─▶ hooks.server.ts ─▶ endpoint ─▶ guard.ts (who asks; LayerView; write + audit)
 *           ─▶ services().<store> ─▶ AppDatabase: SQLite (LAGESKARTA_DATA_DIR, the default)
 *                                     or PostgreSQL + PostGIS (LAGESKARTA_DATABASE_URL)
 *
 * Endpoints reach the services only through `services()` (and guard.ts, which uses it).
 */
import type { Db } from './db/database';
import { openDatabase } from './db/database';
import { postgresDatabase, sqliteDatabase, type AppDatabase } from './db/app-database';
import { postgresUrl } from './db/pg/url';
import { FeatureStore } from './db/feature-store';
import { AccountStore, sessionLimits } from './auth/account-store';
import { AuditLog } from './auth/audit-log';
import { BulkReadLog } from './auth/bulk-reads';
import { LoginThrottle } from './auth/throttle';
import { TokenStore } from './auth/token-store';
import { InventoryStore } from './inventories/inventory-store';
import { LayerService } from './layer-service';
import { MeasureStore } from './measures/measure-store';
import { MeetingStore } from './meetings/meeting-store';
import { Districts } from './reports/districts';
import { ReportStore } from './reports/report-store';
import { ReportImports } from './reports/report-import';
import { FocusPlaceStore } from './reports/focus-store';
import { SavedViewStore } from './meetings/view-store';
import { ReportSummaryStore } from './report/summary-store';
import { IndicatorStore } from './report/indicator-store';
import { PlanStore } from './report/plan-store';
import { seedIfEmpty } from './seed';
import { WalkNetworks } from './walk-network-service';
import { networkRouter } from '$lib/routing/network-router';

export interface Services {
	/** The database the stores on Kysely use (SQLite or PostgreSQL), and its writes. */
	database: AppDatabase;
	/** The SQLite connection (null on PostgreSQL): the SQLite change bus (live/change-bus.ts) and tests. */
	db: Db | null;
	layers: LayerService;
	accounts: AccountStore;
	audit: AuditLog;
	throttle: LoginThrottle;
	/** Personal access tokens for GIS clients (read-only, /ogc). */
	tokens: TokenStore;
	/** Which sessions have read which sensitive layer whole (logged once each). */
	bulkReads: BulkReadLog;
	measures: MeasureStore;
	meetings: MeetingStore;
	views: SavedViewStore;
	inventories: InventoryStore;
	/** The walking network walks are routed on (rebuilt when its layer changes). */
	walkNetworks: WalkNetworks;
	/** The yearly lägesbild's summary per year. */
	reportSummaries: ReportSummaryStore;
	/** Indicators imported from tables, for the lägesbild and its indicator page. */
	indicators: IndicatorStore;
	/** The action plan: the collaboration areas per year. */
	plan: PlanStore;
	/** Järva's districts (the stadsdelar layer): a report's district, the hot spots' study area. */
	districts: Districts;
	/** The weekly lägesbild's reports (issue 16). */
	reports: ReportStore;
	/** Reports imported from CSV, and the mappings saved per source. */
	reportImports: ReportImports;
	/** The weekly meeting's focus places and their follow-up (issue 16). */
	focusPlaces: FocusPlaceStore;
}

/**
 * Every store and service on `database` (already migrated: openDatabase and postgresDatabase do
 * that), seeded from geodata/ when the store is empty, with the layers' copy and the accounts'
 * caches loaded. `env` gives the session limits.
 */
export async function createServices(database: AppDatabase, env: Record<string, string | undefined> = process.env): Promise<Services> {
	const db = database.sqlite;
	const features = new FeatureStore(database);
	const accounts = new AccountStore(database);
	accounts.limits = sessionLimits(env, (message) => console.warn(message));
	await seedIfEmpty(features, accounts);
	await accounts.fresh();
	const layers = new LayerService(features);
	const walkNetworks = new WalkNetworks(layers, accounts);
	const measures = new MeasureStore(database, Date.now, () => accounts.operator()?.id ?? null);
	const districts = new Districts(layers);
	const reports = new ReportStore(database, () => accounts.operator()?.id ?? null, (position) => districts.at(position));
	return {
		database,
		db,
		layers,
		accounts,
		audit: new AuditLog(database),
		throttle: new LoginThrottle(database),
		tokens: new TokenStore(database),
		bulkReads: new BulkReadLog(accounts.limits.absoluteMs),
		measures,
		meetings: new MeetingStore(database, measures),
		views: new SavedViewStore(database),
		inventories: new InventoryStore(
			database,
			Date.now,
			(avoidSteps) => networkRouter(walkNetworks.current(), { avoidSteps }),
			(position) => walkNetworks.current().nearestName(position)
		),
		walkNetworks,
		reportSummaries: new ReportSummaryStore(database),
		indicators: new IndicatorStore(database),
		plan: new PlanStore(database, measures),
		districts,
		reports,
		reportImports: new ReportImports(database, reports, () => walkNetworks.current().streets),
		focusPlaces: new FocusPlaceStore(database, measures, () => accounts.operator()?.id ?? null, (position) => districts.at(position))
	};
}

let current: Services | undefined;
let starting: Promise<Services> | undefined;

/**
 * The deployment's database: PostgreSQL when LAGESKARTA_DATABASE_URL names one (migrated on open,
 * under an advisory lock: instances starting together migrate once), else the SQLite file in
 * LAGESKARTA_DATA_DIR.
 */
export async function openAppDatabase(env: Record<string, string | undefined> = process.env): Promise<AppDatabase> {
	const url = postgresUrl(env);
	return url ? postgresDatabase(url) : sqliteDatabase(openDatabase());
}

/**
 * Builds the process's services on the deployment's database (once; later calls get the same):
 * hooks.server.ts `init` awaits it (startup.ts) before any request.
 */
export function startServices(env: Record<string, string | undefined> = process.env): Promise<Services> {
	return (starting ??= openAppDatabase(env).then(async (database) => (current = await createServices(database, env))));
}

/** The process's services, once `startServices()` has built them (at start, before any request). */
export function services(): Services {
	if (!current) throw new Error('services() before start-up: await startServices() first (hooks.server.ts init does).');
	return current;
}
