import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, validateConfig, ConfigError } from './load-config';

describe('configuration', () => {
  it('loads both shipped presets with every default filled', () => {
    const d = loadConfig('default');
    expect(d.name).toBe('default');
    expect(d.loss.logQCorrection).toBeGreaterThan(0);
    const r = loadConfig('tfrs-reference');
    expect(r.training).toMatchObject({ optimizer: 'adagrad', learningRate: 0.1, batchSize: 2048 });
    expect(r.loss).toMatchObject({ temperature: 1, logQCorrection: 0, reduction: 'sum' });
    expect(r.features).toMatchObject({ embeddingDim: 32, timestampBins: 1000, maxTitleTokens: 10000 });
  });

  it('takes the popularity lean as one weight or a list to choose from, and names a bad one', () => {
    expect(loadConfig('tfrs-reference').model.popularityLean).toEqual([0]);
    expect(validateConfig({}, 'x.json').model.popularityLean).toBe(0);
    expect(loadConfig('default', { model: { popularityLean: [0, 0.1] } }).model.popularityLean).toEqual([0, 0.1]);
    expect(() => validateConfig({ model: { popularityLean: -0.1 } }, 'x.json')).toThrow(/model\.popularityLean/);
    expect(() => validateConfig({ model: { popularityLean: [] } }, 'x.json')).toThrow(/model\.popularityLean/);
  });

  it('applies overrides on top of the file', () => {
    expect(loadConfig('default', { training: { epochs: 2 } }).training.epochs).toBe(2);
  });

  it('names every bad field with what is allowed', () => {
    let message = '';
    try {
      validateConfig({ training: { optimizer: 'rmsprop', epochs: 'ten' }, loss: { temperature: -1 }, model: { queryLayer: [3] } }, 'x.json');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/invalid configuration in x\.json/);
    expect(message).toMatch(/training\.optimizer: .*"adagrad".*"adam".*"sgd"/);
    expect(message).toMatch(/training\.epochs: .*number/);
    expect(message).toMatch(/loss\.temperature: .*>0/);
    expect(message).toMatch(/model: .*queryLayer/);
  });

  it('says which bad fields a command-line flag set', () => {
    let message = '';
    try {
      loadConfig('default', { training: { epochs: 0 }, model: { members: 0 } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/invalid configuration in .*default\.json with the command-line flags:/);
    expect(message).toMatch(/model\.members: .*>=1 \(set by a command-line flag\)/);
    expect(message).toMatch(/training\.epochs: .*>=1 \(set by a command-line flag\)/);
    // a file's own bad field is not blamed on the flags
    expect(() => validateConfig({ training: { epochs: 0 } }, 'f.json', { model: { members: 2 } })).toThrow(/training\.epochs: [^(\n]*$/);
  });

  it('takes an attention-pooled history and refuses heads without it, naming the field', () => {
    expect(validateConfig({ features: { history: { pooling: 'attention', heads: 2 } } }, 'h.json').features.history).toEqual({ length: 50, pooling: 'attention', heads: 2 });
    expect(() => validateConfig({ features: { history: { heads: 2 } } }, 'h.json')).toThrow(/features\.history\.heads: heads is an option of pooling "attention"/);
    expect(() => validateConfig({ features: { history: { pooling: 'max' } } }, 'h.json')).toThrow(/features\.history\.pooling: .*"mean".*"attention"/);
  });

  it('refuses a ranking ensemble without models and names the field', () => {
    expect(() => validateConfig({ ranking: { ensemble: { binary: 0, regression: 0 } } }, 'y.json')).toThrow(/ranking\.ensemble: the ranking ensemble needs at least one model/);
    expect(validateConfig({ ranking: { ensemble: { binary: 1 } } }, 'y.json').ranking.ensemble).toEqual({ binary: 1, regression: 3, ratingSlope: 2 });
  });

  it('extends a preset or another file, giving only what differs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-cfg-'));
    const base = join(dir, 'base.json');
    writeFileSync(base, JSON.stringify({ extends: 'default', name: 'base', training: { epochs: 7 } }));
    mkdirSync(join(dir, 'sub'));
    const child = join(dir, 'sub', 'child.json');
    writeFileSync(child, JSON.stringify({ $schema: 'x', extends: '../base.json', loss: { temperature: 0.5 } }));
    const c = loadConfig(child, { training: { batchSize: 512 } });
    const d = loadConfig('default');
    // the preset's tuned values, then each file's, then the flags
    expect(c).toEqual({ ...d, name: 'custom', training: { ...d.training, epochs: 7, batchSize: 512 }, loss: { ...d.loss, temperature: 0.5 } });
    expect(loadConfig(base).name).toBe('base');
    // without extends, unset fields take the schema's defaults (not the tuned preset's)
    const plain = join(dir, 'plain.json');
    writeFileSync(plain, JSON.stringify({ training: { epochs: 7 } }));
    expect(loadConfig(plain).loss.temperature).toBe(1);
  });

  it('names a missing or cyclic extends', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-cfg-'));
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(a, JSON.stringify({ extends: 'b.json' }));
    writeFileSync(b, JSON.stringify({ extends: 'a.json' }));
    expect(() => loadConfig(a)).toThrow(/extends itself: .*a\.json -> .*b\.json -> .*a\.json/);
    writeFileSync(a, JSON.stringify({ extends: 'nope' }));
    expect(() => loadConfig(a)).toThrow(/config "nope" \(extended by .*a\.json\) is neither a file nor a shipped preset/);
    writeFileSync(a, JSON.stringify({ extends: 3 }));
    expect(() => loadConfig(a)).toThrow(/extends must be a preset name \(default, tfrs-reference\) or a config file path, got 3/);
  });

  it('says when a config is neither a preset nor a file, or not JSON', () => {
    expect(() => loadConfig('fancy')).toThrow(/neither a file nor a shipped preset \(default, tfrs-reference\)/);
    const f = join(mkdtempSync(join(tmpdir(), 'tt-cfg-')), 'c.json');
    writeFileSync(f, '{ nope');
    expect(() => loadConfig(f)).toThrow(/is not valid JSON/);
  });
});
