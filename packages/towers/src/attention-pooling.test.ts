import { mulberry32 } from '@twotower/utils';
import { TowerInputs, attentionTableName, type EmbeddingInputSpec } from './tower-input';

const seq = (pooling: 'mean' | 'attention', heads?: number): EmbeddingInputSpec => ({
  name: 's',
  kind: 'embedding',
  vocabularySize: 6,
  dim: 3,
  width: 4,
  pooling,
  ...(heads !== undefined ? { heads } : {}),
});
const SGD = { optimizer: { name: 'sgd' as const, learningRate: 1 } };
// three examples: a duplicate and a padding slot, an empty sequence, a full one
const batch = { s: Int32Array.of(1, 2, 0, 2, 0, 0, 0, 0, 5, 3, 4, 1) };

function fillRandom(a: Float32Array, seed: number, scale: number): void {
  const r = mulberry32(seed);
  for (let k = 0; k < a.length; k++) a[k] = (r() * 2 - 1) * scale;
}

describe('attention pooling (TowerInputs with pooling: "attention")', () => {
  it('is [dim × heads] wide, its query vectors a [heads × dim] table named <input>/attention, zero at start', () => {
    const t = new TowerInputs([seq('attention', 2), { name: 'x', kind: 'numeric' }]);
    expect(t.inputDim).toBe(3 * 2 + 1);
    const q = t.tables.get(attentionTableName('s'))!;
    expect([q.vocabularySize, q.dim]).toEqual([2, 3]);
    expect(Array.from(q.weights)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(t.poolings.get('s')!.queries).toBe(q);
  });

  it('with zero query vectors equals mean pooling, forward and backward, for every head', () => {
    const mean = new TowerInputs([seq('mean')], SGD);
    const att = new TowerInputs([seq('attention', 2)], SGD);
    expect(Array.from(att.tables.get('s')!.weights)).toEqual(Array.from(mean.tables.get('s')!.weights));
    const xm = mean.assemble(batch, 3);
    const xa = att.assemble(batch, 3);
    for (let i = 0; i < 3; i++) {
      for (let h = 0; h < 2; h++) for (let d = 0; d < 3; d++) expect(xa[i * 6 + h * 3 + d]).toBeCloseTo(xm[i * 3 + d]!, 7);
    }
    // the same gradient on both heads' slices (summed) as on the mean: the same row update
    const g = Float32Array.from({ length: 9 }, (_, k) => Math.sin(k + 1));
    const g2 = new Float32Array(18);
    for (let i = 0; i < 3; i++) for (let d = 0; d < 3; d++) g2[i * 6 + d] = g2[i * 6 + 3 + d] = g[i * 3 + d]! / 2;
    mean.backward(batch, 3, g);
    att.backward(batch, 3, g2);
    const wm = mean.tables.get('s')!.weights;
    const wa = att.tables.get('s')!.weights;
    for (let k = 0; k < wm.length; k++) expect(wa[k]).toBeCloseTo(wm[k]!, 6);
    // ... while the query vectors start to learn
    expect(att.tables.get('s/attention')!.weights.some((v) => v !== 0)).toBe(true);
  });

  it.each([1, 2])('sends the exact gradient to the rows and the query vectors, %i head(s) (central finite differences)', (heads) => {
    const t = new TowerInputs([seq('attention', heads)], SGD);
    const W = t.tables.get('s')!.weights;
    const Q = t.tables.get('s/attention')!.weights;
    fillRandom(W, 11, 1);
    fillRandom(Q, 12, 1.5);
    const G = new Float32Array(3 * t.inputDim);
    fillRandom(G, 13, 1);
    const loss = () => {
      const x = t.assemble(batch, 3);
      let s = 0;
      for (let k = 0; k < x.length; k++) s += x[k]! * G[k]!;
      return s;
    };
    const w0 = W.slice();
    const q0 = Q.slice();
    t.assemble(batch, 3);
    t.backward(batch, 3, G); // reuses the α of the forward pass
    // SGD with learning rate 1: the step is minus the gradient
    const analytic = [Float64Array.from(w0, (v, k) => v - W[k]!), Float64Array.from(q0, (v, k) => v - Q[k]!)];
    const stepped = [W.slice(), Q.slice()];
    W.set(w0);
    Q.set(q0);
    t.backward({ s: batch.s.slice() }, 3, G); // another batch object: α recomputed, the same step
    expect([Array.from(W), Array.from(Q)]).toEqual(stepped.map((a) => Array.from(a)));
    W.set(w0);
    Q.set(q0);
    let checked = 0;
    [W, Q].forEach((P, p) => {
      for (let k = 0; k < P.length; k++) {
        const v = P[k]!;
        P[k] = v + 1e-2;
        const up = P[k]!;
        const lu = loss();
        P[k] = v - 1e-2;
        const down = P[k]!;
        const ld = loss();
        P[k] = v;
        expect(analytic[p]![k]).toBeCloseTo((lu - ld) / (up - down), 3);
        if (Math.abs(analytic[p]![k]!) > 1e-3) checked++;
      }
    });
    expect(checked).toBeGreaterThan(15 + 3 * heads - 6); // rows 1-5 and every head get real gradients
    expect(analytic[0]!.slice(0, 3).every((v) => v === 0)).toBe(true); // padding row: none
  });

  it('never weights padding, and pools an empty sequence to zeros with no gradient', () => {
    const t = new TowerInputs([{ ...seq('attention'), width: 6 }], SGD);
    const W = t.tables.get('s')!.weights;
    const Q = t.tables.get('s/attention')!.weights;
    fillRandom(W, 5, 1);
    // row 0 (padding) would dominate any softmax that let it in
    W.set([50, 50, 50], 0);
    Q.set([3, 3, 3]);
    const padded = { s: Int32Array.of(0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0) };
    const packed = { s: Int32Array.of(2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) };
    const x = t.assemble(padded, 2);
    expect(Array.from(x)).toEqual(Array.from(t.assemble(packed, 2)));
    expect(Array.from(x.subarray(3))).toEqual([0, 0, 0]);
    for (let d = 0; d < 3; d++) {
      expect(x[d]).toBeGreaterThanOrEqual(Math.min(W[6 + d]!, W[12 + d]!) - 1e-6);
      expect(x[d]).toBeLessThanOrEqual(Math.max(W[6 + d]!, W[12 + d]!) + 1e-6);
    }
    const before = W.slice();
    t.backward(padded, 2, Float32Array.of(1, 1, 1, 7, 7, 7));
    expect(Array.from(W.subarray(0, 3))).toEqual([50, 50, 50]);
    expect(W.some((v, k) => v !== before[k])).toBe(true);
    const q = Q.slice();
    t.backward({ s: new Int32Array(6) }, 1, Float32Array.of(1, 1, 1));
    expect(Array.from(Q)).toEqual(Array.from(q));
  });

  it('names the input, the field and the allowed values in its errors', () => {
    expect(() => new TowerInputs([{ ...seq('attention'), pooling: 'max' as 'mean' }])).toThrow(/tower input "s": pooling must be "mean" or "attention", got "max"/);
    expect(() => new TowerInputs([{ ...seq('attention'), width: 1 }])).toThrow(/tower input "s": pooling "attention" pools a sequence: it needs width > 1/);
    expect(() => new TowerInputs([seq('mean', 2)])).toThrow(/tower input "s": heads is an option of pooling "attention"/);
    expect(() => new TowerInputs([seq('attention', 0)])).toThrow(/tower input "s": heads must be a positive integer, got 0/);
    expect(() => new TowerInputs([seq('attention'), { name: 's/attention', kind: 'numeric' }])).toThrow(/"s\/attention" has the name of input "s"'s attention table/);
    const t = new TowerInputs([seq('attention')]);
    expect(() => t.assemble({ s: Int32Array.of(1, 9, 0, 0) }, 1)).toThrow(/tower input "s", example 0: id 9 is outside the embedding table \[0, 6\)/);
  });
});
