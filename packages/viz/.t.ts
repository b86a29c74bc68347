import { clusteredPoints } from './src/synthetic';
import { tsne } from './src/tsne';
const { data, dim } = clusteredPoints({ n: 10000, dim: 32, clusters: 10, seed: 1 });
const t0 = process.cpuUsage().user; const w0 = Date.now();
const r = tsne(data, dim, { method: 'barnes-hut' });
console.log('cpu s', (process.cpuUsage().user - t0) / 1e6, 'wall', (Date.now() - w0) / 1000, 'kl', r.kl);
