import { syntheticDataset } from '@twotower/data';
import { loadConfig } from '../config/load-config';
import { recommenderSpec } from './feature-specs';

const dataset = syntheticDataset({ numUsers: 20, numItems: 10, numInteractions: 100, seed: 1 });

describe('recommenderSpec', () => {
  it('passes the history pooling and item table through, and leaves a mean history of its own as before', () => {
    // over the default's recent history: recent off, unless given
    const spec = (history: Record<string, unknown> | null) => recommenderSpec(loadConfig('default', { features: { history: history && { recent: false, ...history } } }), dataset, { hasTimestamps: true }).spec.history;
    expect(spec({ length: 20 })).toEqual({ length: 20, dim: 32 });
    expect(spec({ length: 20, pooling: 'mean' })).toEqual({ length: 20, dim: 32 });
    expect(spec({ length: 20, dim: 16, pooling: 'attention', heads: 2 })).toEqual({ length: 20, dim: 16, pooling: 'attention', heads: 2 });
    // the length the default's history has
    expect(spec({ pooling: 'attention' })).toEqual({ length: 20, dim: 32, pooling: 'attention' });
    expect(spec({ length: 20, itemTable: 'shared' })).toEqual({ length: 20, dim: 32, itemTable: 'shared' });
    expect(spec({ length: 20, itemTable: 'own' })).toEqual({ length: 20, dim: 32 });
    expect(spec(null)).toBeUndefined();
  });

  it('passes each member\'s time dropout through, absent by default, and names a bad entry', () => {
    const spec = (features: Record<string, unknown>) => recommenderSpec(loadConfig('default', { features }), dataset, { hasTimestamps: true }).spec;
    expect(spec({}).memberTimeDropout).toBeUndefined();
    expect(spec({ memberTimeDropout: [0.5, 1] })).toMatchObject({ timeDropout: 0.5, memberTimeDropout: [0.5, 1] });
    expect(() => loadConfig('default', { features: { memberTimeDropout: [0.5, 0] } })).toThrow(/features\.memberTimeDropout\.1/);
  });

  it('passes a recent history through, and leaves it out (saying why) on a log without timestamps', () => {
    const config = loadConfig('default', { features: { history: { length: 20, recent: true } } });
    expect(recommenderSpec(config, dataset, { hasTimestamps: true }).spec.history).toEqual({ length: 20, dim: 32, recent: true });
    const untimed = recommenderSpec(config, dataset, { hasTimestamps: false });
    expect(untimed.spec.history).toBeUndefined();
    expect(untimed.skipped).toContain('features.history (recent): the log has no timestamps, so no item comes before another');
  });

  it('keeps a recent history without the time features (it reads the log\'s times, not theirs)', () => {
    const { spec, skipped } = recommenderSpec(loadConfig('default', { features: { timestamp: false } }), dataset, { hasTimestamps: true });
    expect(spec.history).toEqual({ length: 20, dim: 32, recent: true });
    expect(spec.query.some((s) => s.source === 'timestamp')).toBe(false);
    expect(skipped.some((s) => s.startsWith('features.history'))).toBe(false);
  });
});
