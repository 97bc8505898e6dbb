/**
 * The browser's one client for the app's API. Every request goes through `request` (request.ts)
 * and answers with the same result shape; the modules name the requests per part of the app.
 * Components import from here and do not call `fetch` themselves (downloads use `download`).
 */
export * from './request';
export * from './features';
export * from './feature-writes';
export * from './admin';
export * from './meetings';
export * from './inventories';
export * from './measures';
export * from './lagesbild';
export * from './tokens';
export * from './session';
export * from './search';
export * from './analysis';
export * from './reports';
export * from './week';
