import { syntheticDataset } from '@twotower/data';
import { carveValidation } from './validation-rows';

const log = syntheticDataset({ numUsers: 50, numItems: 80, numInteractions: 2000, seed: 4 }).interactions;
const trainRows = Int32Array.from({ length: log.length }, (_, i) => i).filter((i) => i % 5 !== 0);
const sorted = (x: Int32Array) => Array.from(x).sort((a, b) => a - b);

describe('carveValidation', () => {
  it('over all users: the share of the training rows, the rest fit rows, seeded', () => {
    const a = carveValidation(log, trainRows, { fraction: 0.25, seed: 3 });
    expect(a.validationRows.length).toBe(Math.round(trainRows.length * 0.25));
    expect(sorted(Int32Array.from([...a.fitRows, ...a.validationRows]))).toEqual(Array.from(trainRows));
    expect(Array.from(carveValidation(log, trainRows, { fraction: 0.25, seed: 3 }).validationRows)).toEqual(Array.from(a.validationRows));
  });

  it('over a share of the users: only their rows held out, that share of them; every other user fits on all its rows', () => {
    const { fitRows, validationRows } = carveValidation(log, trainRows, { fraction: 0.25, seed: 3, users: 0.2 });
    expect(sorted(Int32Array.from([...fitRows, ...validationRows]))).toEqual(Array.from(trainRows));
    const drawn = new Set(Array.from(validationRows, (r) => log.users[r]!));
    expect(drawn.size).toBeLessThanOrEqual(10);
    expect(drawn.size).toBeGreaterThan(5);
    // the drawn users' training rows: a quarter held out
    const pool = trainRows.filter((r) => drawn.has(log.users[r]!));
    expect(validationRows.length).toBeLessThanOrEqual(Math.round(pool.length * 0.25));
    expect(validationRows.length).toBeGreaterThan(pool.length * 0.2);
    // nearly every training row is a fit row
    expect(fitRows.length / trainRows.length).toBeGreaterThan(0.9);
    const other = carveValidation(log, trainRows, { fraction: 0.25, seed: 4, users: 0.2 });
    expect(Array.from(other.validationRows)).not.toEqual(Array.from(validationRows));
  });

  it('refuses a share or a seed out of range, naming the option', () => {
    expect(() => carveValidation(log, trainRows, { fraction: 0.25, seed: 3, users: 0 })).toThrow('trainingData: validationUsers must be in (0, 1], got 0');
    expect(() => carveValidation(log, trainRows, { fraction: 0.25, seed: 3, users: 1.5 })).toThrow(/validationUsers/);
    expect(() => carveValidation(log, trainRows, { fraction: 1, seed: 3 })).toThrow(/validationFraction/);
    expect(() => carveValidation(log, trainRows, { fraction: 0.25, seed: 1.5 })).toThrow(/validationSeed/);
  });
});
