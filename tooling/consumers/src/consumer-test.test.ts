import { cleanEnv, missingDataReason } from './consumer-test';

describe('cleanEnv', () => {
  it("drops pnpm's script variables and data paths, keeps registry and proxy settings", () => {
    const env = cleanEnv({
      PATH: '/bin',
      HOME: '/root',
      npm_package_name: 'x',
      npm_lifecycle_event: 'test',
      npm_config_user_agent: 'pnpm/10',
      npm_config_auto_install_peers: 'true',
      npm_config_registry: 'https://registry.example/',
      'npm_config_@twotower:registry': 'https://mirror.example/',
      NPM_CONFIG_HTTPS_PROXY: 'http://proxy:3128',
      PNPM_HOME: '/pnpm',
      NODE_OPTIONS: '--inspect',
      ML100K_DIR: '/data',
      DATABASE_URL: 'postgres://me@db/x',
    });
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/root',
      npm_config_registry: 'https://registry.example/',
      'npm_config_@twotower:registry': 'https://mirror.example/',
      NPM_CONFIG_HTTPS_PROXY: 'http://proxy:3128',
    });
  });
});

describe('missingDataReason', () => {
  it('names each data variable the example reads and this run lacks, with why', () => {
    const code = "const url = process.env.DATABASE_URL!; readFile(process.env.ML100K_DIR + '/u.data');";
    expect(missingDataReason('console.log(1)')).toBeUndefined();
    expect(missingDataReason(code, { DATABASE_URL: 'postgres://x', ML100K_DIR: '/d' })).toBeUndefined();
    expect(missingDataReason(code, { ML100K_DIR: '/d' }, { DATABASE_URL: 'PostgreSQL 15 is not installed' })).toBe('the example reads DATABASE_URL, and PostgreSQL 15 is not installed');
    expect(missingDataReason(code, { DATABASE_URL: 'postgres://x' })).toMatch(/^the example reads ML100K_DIR, and that data is not on this machine/);
  });
});
