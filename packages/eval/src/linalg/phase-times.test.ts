import { addPhase, timePhase, type PhaseTimes } from './phase-times';

describe('timePhase', () => {
  it('returns what the phase returns and adds its seconds under its name', () => {
    const times: PhaseTimes = {};
    expect(timePhase(times, 'a', () => 3)).toBe(3);
    timePhase(times, 'a', () => {
      let s = 0;
      for (let i = 0; i < 1e5; i++) s += i;
      return s;
    });
    expect(Object.keys(times)).toEqual(['a']);
    expect(times.a).toBeGreaterThanOrEqual(0);
    expect(times.a).toBeLessThan(60);
  });

  it('counts a phase that throws, and only runs the phase without a record', () => {
    const times: PhaseTimes = {};
    expect(() => timePhase(times, 'b', () => { throw new Error('boom'); })).toThrow('boom');
    expect('b' in times).toBe(true);
    expect(timePhase(undefined, 'c', () => 'x')).toBe('x');
  });
});

describe('addPhase', () => {
  it('sums values under a name and ignores an absent record', () => {
    const times: PhaseTimes = {};
    addPhase(times, 'macs', 5);
    addPhase(times, 'macs', 7);
    addPhase(undefined, 'macs', 1);
    expect(times).toEqual({ macs: 12 });
  });
});
