// Fixtures for tests of @twotower/data and of packages that use it: `@twotower/data/test`.
export { createZip } from './zip-writer';
export type { ZipInput, CreateZipOptions } from './zip-writer';
export { serveFiles } from './http-fixture';
export type { FileServer, ServeFilesOptions } from './http-fixture';
export { movieLensFiles, writeMovieLensFixture } from './movielens-fixture';
export type { MovieLensFiles, MovieLensFixtureOptions } from './movielens-fixture';
export { writeShopLog } from './shop-log';
export type { ShopLog, ShopLogOptions } from './shop-log';
