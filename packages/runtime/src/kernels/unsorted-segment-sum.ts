import type { KernelConfig, KernelFunc, TensorInfo, backend_util } from '@tensorflow/tfjs-core';

/**
 * `UnsortedSegmentSum` on typed arrays: `out[segmentIds[i], ...] += x[i, ...]`, output
 * `[numSegments, ...x.shape.slice(1)]`. Ids outside `[0, numSegments)` are skipped, as in
 * TensorFlow. O(x.size), one pass — the gradient of `gather` (an embedding lookup) needs it,
 * and tfjs's wasm backend has none (tensorflow/tfjs#8082) while cpu's makes a masked pass per
 * segment.
 */
export function unsortedSegmentSumValues(
  x: backend_util.TypedArray,
  xShape: number[],
  segmentIds: backend_util.TypedArray,
  numSegments: number,
  out: backend_util.TypedArray,
): void {
  const n = xShape[0] ?? 0;
  const inner = n === 0 ? 0 : x.length / n;
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const s = segmentIds[i]!;
    if (s < 0 || s >= numSegments) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) out[dst + j]! += x[src + j]!;
  }
}

interface WasmLikeBackend {
  readSync(dataId: unknown): backend_util.BackendValues;
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): backend_util.TypedArray;
}

const wasmUnsortedSegmentSum: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = attrs as unknown as { numSegments: number };
  const b = backend as unknown as WasmLikeBackend;
  const outShape = [numSegments, ...x.shape.slice(1)];
  const out = b.makeOutput(outShape, x.dtype);
  const xv = b.readSync(x.dataId) as backend_util.TypedArray;
  const ids = b.readSync(segmentIds.dataId) as backend_util.TypedArray;
  unsortedSegmentSumValues(xv, x.shape, ids, numSegments, b.typedArrayFromHeap(out));
  return out;
};

/** The wasm `UnsortedSegmentSum` kernel twotower registers (missing upstream). */
export const unsortedSegmentSumWasmConfig: KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: wasmUnsortedSegmentSum,
};
