import { tf } from '../tf';
import { unsortedSegmentSumWasmConfig } from './unsorted-segment-sum';

const EXTRA_KERNELS = [unsortedSegmentSumWasmConfig];

/**
 * Registers the kernels twotower adds to a backend, once; kernels the backend already has
 * are left alone (a later tfjs that ships its own wins).
 */
export function registerTwotowerKernels(backend: string): void {
  for (const k of EXTRA_KERNELS) {
    if (k.backendName !== backend) continue;
    if (tf.getKernel(k.kernelName, k.backendName)) continue;
    tf.registerKernel(k);
  }
}
