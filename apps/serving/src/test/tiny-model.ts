import { writeModelDirectory } from '@twotower/artifact';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { Recommender } from '@twotower/recommender';
import { ready } from '@twotower/runtime';

/** Writes a tiny model directory (6 films, 3 users, untrained towers) for the tests of main. */
export async function writeTinyModel(dir: string): Promise<void> {
  await ready({ log: null });
  const ids = ['1', '2', '3', '4', '5', '6'];
  const rec = Recommender.create(
    { query: movieLensQuerySpecs(), candidate: movieLensCandidateSpecs(), model: { queryLayers: [8], candidateLayers: [8] } },
    { users: ['u1', 'u2', 'u3', 'u1'], timestamps: [880000000, 881000000, 882000000, 883000000] },
    {
      catalogue: { ids, titles: ids.map((id) => `Film ${id} (1995)`), genres: ids.map(() => ['Drama']) },
      users: { ids: ['u1', 'u2', 'u3'], lastTimestamp: Float64Array.from([883000000, 881000000, 882000000]) },
      seen: { offsets: Int32Array.from([0, 2, 3, 4]), items: Int32Array.from([0, 3, 1, 2]) },
      popularity: Float32Array.from([1, 1, 1, 1, 0, 0]),
    },
  );
  try {
    await writeModelDirectory(dir, { packages: {}, config: {}, data: { name: 'tiny', fingerprint: 'tiny' } }, (writer) => rec.save(writer));
  } finally {
    rec.dispose();
  }
}
