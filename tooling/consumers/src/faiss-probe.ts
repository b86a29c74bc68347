import type { CheckOutcome } from './consumer-project';
import type { PackageManifest } from './workspace';

/** The package that brings FAISS with search parameters to consumers. */
export const FAISS_PACKAGE = '@twotower/faiss-node';

/** Whether a package gets FAISS through {@link FAISS_PACKAGE} (so its consumer test checks what FAISS it got). */
export function usesFaiss(manifest: PackageManifest): boolean {
  return [manifest.dependencies, manifest.optionalDependencies].some((deps) => deps?.[FAISS_PACKAGE] !== undefined);
}

/**
 * A CommonJS script run in an `@twotower/index` consumer project: an IVF64 index over 4,000
 * clustered 16-d vectors searched at nprobe 1 and 64 (every list: exact) against the exact
 * index. Prints one JSON line: `faissStatus()`, the index kind built, both recalls@10, any error
 * and the process warnings (the "FAISS unavailable" message).
 */
export const FAISS_PROBE = `'use strict';
const warnings = [];
process.on('warning', (w) => warnings.push({ code: w.code || w.name, message: w.message }));
const idx = require('@twotower/index');
const dim = 16, n = 4000, nq = 50, k = 10;
const vectors = idx.clusteredVectors({ n, dim, clusters: 16, spread: 1, seed: 11 });
const ids = Array.from({ length: n }, (_, i) => 'v' + i);
const queries = vectors.slice(0, nq * dim);
const exact = idx.buildIndex(ids, vectors, dim, { metric: 'ip' }).search(queries, k);
const out = { status: idx.faissStatus() };
try {
  const ivf = idx.createIndex({ kind: 'faiss', factory: 'IVF64,Flat', dim, metric: 'ip', searchParams: { nprobe: 1 } });
  ivf.add(ids, vectors);
  out.kind = ivf.kind;
  out.recallNprobe1 = idx.recallAtK(ivf.search(queries, k), exact, k);
  out.recallNprobe64 = idx.recallAtK(ivf.search(queries, k, { params: { nprobe: 64 } }), exact, k);
} catch (error) {
  out.error = error.message;
}
setImmediate(() => console.log(JSON.stringify({ ...out, warnings })));
`;

/** What {@link FAISS_PROBE} prints. */
interface ProbeOutput {
  status: { available: boolean; patched?: boolean; source?: string; reason?: string };
  kind?: string;
  recallNprobe1?: number;
  recallNprobe64?: number;
  error?: string;
  warnings: { code: string; message: string }[];
}

/** A message that names the missing capability and what to install. */
const HELPFUL = (m: string): boolean => /nprobe/.test(m) && /libfaiss-dev/.test(m) && /npm rebuild @twotower\/faiss-node/.test(m);

/**
 * Judges the probe's output: `ok` when the patched binding loaded and honoured nprobe (recall 1
 * at nprobe 64, lower at nprobe 1), or when FAISS is missing (or unpatched) and exactly one
 * message says which capability is missing and what to install; `fail` otherwise.
 */
export function judgeFaissProbe(stdout: string): Omit<CheckOutcome, 'seconds'> {
  const line = stdout.trim().split('\n').pop() ?? '';
  let out: ProbeOutput;
  try {
    out = JSON.parse(line) as ProbeOutput;
  } catch {
    return { status: 'fail', detail: `the FAISS probe printed no JSON: ${line.slice(0, 300)}` };
  }
  const faissWarnings = out.warnings.filter((w) => /^TWOTOWER_FAISS/.test(w.code));
  const r1 = out.recallNprobe1;
  const r64 = out.recallNprobe64;
  if (out.status.available && out.status.patched) {
    const honoured = out.kind === 'faiss' && r64 !== undefined && r1 !== undefined && r64 >= 0.999 && r1 < r64;
    const figures = `IVF64 recall@10 nprobe 1 ${r1?.toFixed(3)}, nprobe 64 ${r64?.toFixed(3)}`;
    return honoured && faissWarnings.length === 0
      ? { status: 'ok', detail: `${out.status.source} loaded, nprobe honoured: ${figures}` }
      : { status: 'fail', detail: `${out.status.source} loaded but nprobe not honoured (${figures}${out.error ? `; error: ${out.error}` : ''}; warnings ${JSON.stringify(faissWarnings)})` };
  }
  const messages = [...faissWarnings.map((w) => w.message), ...(out.error ? [out.error] : [])];
  if (faissWarnings.length === 1 && messages.every(HELPFUL)) {
    const what = out.status.available ? 'upstream faiss-node (unpatched)' : `FAISS unavailable, ${out.kind ?? 'no'} index used`;
    return { status: 'ok', detail: `${what}; one message: ${faissWarnings[0]!.message}` };
  }
  return { status: 'fail', detail: `FAISS ${out.status.available ? 'unpatched' : 'unavailable'} without one clear message: ${JSON.stringify(messages)}` };
}
