const LOG2E = 1.4426950408889634;
const LN2 = 0.6931471805599453;
const MIN_EXP = -1074;
const POW2_NEG = new Float64Array(-MIN_EXP + 1);
for (let i = 0; i < POW2_NEG.length; i++) POW2_NEG[i] = Math.pow(2, -i);

/**
 * `exp(x)` for `x <= 0` (softmax after subtracting the row maximum), several times faster than
 * `Math.exp` in V8 and within 2e-7 relative error: `e^x = 2^n · e^f` with n = round(x·log2 e),
 * |f| <= ln2/2, `e^f` by its degree-6 Taylor polynomial and `2^n` from a table.
 * Positive inputs fall back to `Math.exp`.
 */
export function expNonPositive(x: number): number {
  if (x > 0) return Math.exp(x);
  const y = x * LOG2E;
  if (y < MIN_EXP) return 0;
  const n = Math.round(y);
  const f = (y - n) * LN2;
  const p = 1 + f * (1 + f * (0.5 + f * (1 / 6 + f * (1 / 24 + f * (1 / 120 + f * (1 / 720))))));
  return p * POW2_NEG[-n]!;
}
