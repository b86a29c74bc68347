"""gensim's Word2Vec(sg=1) on the item sequences written by item2vec-gensim.ts (the peer of our
trainer in the benchmark; gensim is never a dependency of the package).

usage: python3 gensim_word2vec.py SEQUENCES_FILE SETTINGS_JSON VECTORS_OUT
SEQUENCES_FILE: one sequence per line, space-separated item ids. Writes the input vectors
[numItems x dim] as little-endian float32 (zeros for items gensim dropped) and prints one JSON
line: seconds of build_vocab + train (python start-up and file reading excluded), the CPU
seconds of all threads over the same span, and train alone.
With "shuffle": true in the settings (our trainer's per-epoch re-shuffle of the order of the
sequences), gensim reads the sequences through a corpus that yields them in a new seeded
permutation on each pass (gensim makes one pass per epoch, after the vocabulary pass).
"""
import json
import sys
import time

import numpy as np
from gensim.models import Word2Vec


class ReshuffledCorpus:
    """The sequences in a new order (numpy permutation, seeded) on each pass."""

    def __init__(self, sentences, seed):
        self.sentences = sentences
        self.rng = np.random.default_rng(seed)

    def __iter__(self):
        for i in self.rng.permutation(len(self.sentences)):
            yield self.sentences[i]


def main():
    seq_file, settings_json, out_file = sys.argv[1:4]
    s = json.loads(settings_json)
    with open(seq_file) as f:
        sentences = [line.split() for line in f if line.strip()]
    total = sum(len(x) for x in sentences)
    c0 = time.process_time()
    t0 = time.perf_counter()
    model = Word2Vec(sg=1, hs=0, negative=s["negatives"], ns_exponent=s["negativeExponent"],
                     window=s["window"], vector_size=s["dim"], min_count=s["minCount"],
                     sample=s["subsample"], alpha=s["learningRate"], min_alpha=s["minLearningRate"],
                     workers=s["threads"], seed=s["seed"], max_vocab_size=None)
    model.build_vocab(sentences)
    t1 = time.perf_counter()
    corpus = ReshuffledCorpus(sentences, s["seed"]) if s.get("shuffle") else sentences
    model.train(corpus, total_examples=len(sentences), total_words=total, epochs=s["epochs"])
    t2 = time.perf_counter()
    c2 = time.process_time()
    vectors = np.zeros((s["numItems"], s["dim"]), dtype=np.float32)
    for key, index in model.wv.key_to_index.items():
        vectors[int(key)] = model.wv.vectors[index]
    vectors.astype("<f4").tofile(out_file)
    print(json.dumps({"seconds": t2 - t0, "cpuSeconds": c2 - c0, "trainSeconds": t2 - t1, "tokensPerSecond": total * s["epochs"] / (t2 - t0)}))


if __name__ == "__main__":
    main()
