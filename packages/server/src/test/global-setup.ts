import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import presetGlobalSetup from '@twotower/jest-preset/global-setup';
import presetGlobalTeardown from '@twotower/jest-preset/global-teardown';
import { buildFixtureArtifact } from './build-fixture';
import { FIXTURE_ENV } from './fixtures';

/**
 * Writes the small fixture artifacts once per jest run. This replaces the preset's global setup,
 * so it calls it first: the run's own temporary folder (TMPDIR), which the fixtures go in too.
 */
export default async function globalSetup(): Promise<void> {
  presetGlobalSetup();
  try {
    const root = mkdtempSync(join(tmpdir(), 'tt-serving-test-'));
    await buildFixtureArtifact(join(root, 'model-a'), { seed: 0 });
    await buildFixtureArtifact(join(root, 'model-b'), { seed: 11 });
    await buildFixtureArtifact(join(root, 'model-h'), { seed: 3, history: { length: 8, dim: 8 } });
    await buildFixtureArtifact(join(root, 'model-n'), { seed: 0, namedSets: true });
    await buildFixtureArtifact(join(root, 'model-u'), { seed: 4, history: { length: 8, dim: 8 }, userColumns: true });
    await buildFixtureArtifact(join(root, 'model-r'), { seed: 6, history: { length: 4, dim: 8, recent: true } });
    process.env[FIXTURE_ENV] = root;
  } catch (error) {
    presetGlobalTeardown(); // jest runs no teardown after a failed setup
    throw error;
  }
}
