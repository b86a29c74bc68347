import { TowerInputs } from './tower-input';

describe('TowerInputs', () => {
  const specs = [
    { name: 'id', kind: 'embedding' as const, vocabularySize: 3, dim: 2 },
    { name: 'text', kind: 'embedding' as const, vocabularySize: 5, dim: 2, width: 3 },
    { name: 'x', kind: 'numeric' as const },
  ];

  it('concatenates id rows, mean-pooled sequences (0 = padding) and numeric values', () => {
    const t = new TowerInputs(specs, { optimizer: { name: 'sgd', learningRate: 1 } });
    const id = t.tables.get('id')!.weights;
    const text = t.tables.get('text')!.weights;
    const batch = { id: Int32Array.of(2, 0), text: Int32Array.of(1, 3, 0, 0, 0, 0), x: Float32Array.of(0.5, -1) };
    const x = t.assemble(batch, 2);
    expect(t.inputDim).toBe(5);
    expect(x[0]).toBeCloseTo(id[4]!, 6);
    expect(x[2]).toBeCloseTo((text[2]! + text[6]!) / 2, 6);
    expect(x[4]).toBeCloseTo(0.5, 6);
    expect(x[7]).toBe(0); // all-padding sequence pools to zeros
    expect(x[9]).toBe(-1);
  });

  it('sends gradients to the rows that produced the input, split over pooled tokens', () => {
    const t = new TowerInputs(specs, { optimizer: { name: 'sgd', learningRate: 1 } });
    const text = t.tables.get('text')!.weights;
    const before = text.slice();
    const batch = { id: Int32Array.of(2), text: Int32Array.of(1, 3, 0), x: Float32Array.of(0) };
    t.backward(batch, 1, Float32Array.from([0, 0, 1, 2, 9]));
    expect(text[2]).toBeCloseTo(before[2]! - 0.5, 6);
    expect(text[7]).toBeCloseTo(before[7]! - 1, 6);
    expect(text[0]).toBe(before[0]); // padding row untouched
  });

  it('names a missing input and a wrong length', () => {
    const t = new TowerInputs(specs);
    expect(() => t.assemble({ id: Int32Array.of(0), x: Float32Array.of(0) }, 1)).toThrow(/"text" is missing from the batch/);
    expect(() => t.assemble({ id: Int32Array.of(0), text: Int32Array.of(0), x: Float32Array.of(0) }, 1)).toThrow(/"text" has 1 values, expected 1 × 3/);
    expect(() => new TowerInputs([specs[0]!, specs[0]!])).toThrow(/listed twice/);
  });
});
