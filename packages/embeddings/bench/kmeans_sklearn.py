"""Peer of kmeans-sklearn.ts: one scikit-learn KMeans fit on a .npy file, timed, as one JSON line.

usage: /usr/bin/python3 kmeans_sklearn.py DATA.npy K SEED [INIT.f64]

With INIT.f64 (k x dim float64 centres, raw), the fit starts from those centres, on the data in
float64: the same-start check of kmeans-sklearn.ts.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans

path, k, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
x = np.load(path)
init = "k-means++"
if len(sys.argv) > 4:
    x = x.astype(np.float64)
    init = np.fromfile(sys.argv[4], dtype=np.float64).reshape(k, x.shape[1])
start = time.perf_counter()
cpu = time.process_time()
model = KMeans(n_clusters=k, n_init=1, random_state=seed, init=init).fit(x)
seconds = time.perf_counter() - start
cpu = time.process_time() - cpu
print(json.dumps({
    "seconds": seconds,
    "cpuSeconds": cpu,
    "inertia": float(model.inertia_),
    "iterations": int(model.n_iter_),
    "sklearn": sklearn.__version__,
    "dtype": str(x.dtype),
}))
