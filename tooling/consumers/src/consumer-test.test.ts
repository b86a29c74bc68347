import { cleanEnv } from './consumer-test';

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
