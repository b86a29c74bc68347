import { tf } from './tf';
import { CONVERTER_MISSING } from './graph-model';

/** A two-node graph, y = x², as `tfjs-converter` reads it. */
function squareGraph(): tf.io.IOHandler {
  return {
    load: async () => ({
      modelTopology: {
        node: [
          { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }] } } } },
          { name: 'y', op: 'Square', input: ['x'], attr: { T: { type: 'DT_FLOAT' } } },
        ],
        versions: { producer: 1 },
      },
      weightSpecs: [],
      weightData: new ArrayBuffer(0),
      format: 'graph-model',
    }),
  };
}

describe('tf.loadGraphModel', () => {
  it('loads and runs a graph model when @tensorflow/tfjs-converter is installed', async () => {
    await tf.setBackend('cpu');
    const model = await tf.loadGraphModel(squareGraph());
    const x = tf.tensor1d([1, -2, 3]);
    const y = model.execute(x) as tf.Tensor; // executeAsync is for graphs with control flow
    expect(Array.from(y.dataSync())).toEqual([1, 4, 9]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('says what to install when the converter is missing', async () => {
    let load: typeof import('./graph-model').loadGraphModel | undefined;
    jest.isolateModules(() => {
      jest.doMock('@tensorflow/tfjs-converter', () => {
        throw Object.assign(new Error("Cannot find module '@tensorflow/tfjs-converter'"), { code: 'MODULE_NOT_FOUND' });
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      load = (require('./graph-model') as typeof import('./graph-model')).loadGraphModel;
    });
    await expect(load!(squareGraph())).rejects.toThrow(CONVERTER_MISSING);
    expect(CONVERTER_MISSING).toMatch(/npm install @tensorflow\/tfjs-converter@4\.22\.0/);
  });
});
