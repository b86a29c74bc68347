import { ready } from '@twotower/runtime';
import { inferCandidateSpecs, inferQuerySpecs } from '@twotower/features';
import { attributeInputs, type AttributeColumn } from './attribute-columns';
import { Recommender } from './recommender';
import { checkGivenAttributes } from './user-attributes';

const age: AttributeColumn = { name: 'age', kind: 'number', values: [20, 60] };
const plan: AttributeColumn = { name: 'plan', kind: 'category', values: ['pro', 'free'] };
const zip: AttributeColumn = { name: 'zip', kind: 'category', values: ['55', '10'] };

describe('user attributes given with a query', () => {
  it('replace the stored values of the names given, and only those', () => {
    const inputs = attributeInputs('user', [age, plan], [0, 1, -1], undefined, [{ age: 40 }, undefined, { plan: 'free', age: null }]);
    // row 0: its own plan, the given age; row 1: all stored; row 2 (unknown): the given plan, age missing (the mean, 40)
    expect(inputs).toEqual({ 'user.age': Float64Array.from([40, 60, 40]), 'user.plan': ['pro', 'free', 'free'] });
  });

  it('are checked against the columns the query features read: unread names say why, a wrong kind is an error naming the column', () => {
    const sources = ['user', 'timestamp', 'user.age', 'user.plan'];
    expect(checkGivenAttributes([age, plan, zip], sources, { plan: 'pro', age: 31, zip: '55', shoe: 9 })).toEqual({
      used: ['plan', 'age'],
      unread: [
        { name: 'zip', why: 'a column of the user file that the query tower does not read' },
        { name: 'shoe', why: "not a column of the model's user file (age, plan, zip)" },
      ],
      errors: [],
    });
    const bad = checkGivenAttributes([age, plan], sources, { age: 'thirty', plan: 7 });
    expect(bad.errors).toEqual([{ name: 'age', message: 'user attribute "age" is a number column: give a finite number, or null for missing (got "thirty")' }]);
    expect(bad.used).toEqual(['plan']);
    expect(checkGivenAttributes(undefined, ['user'], { age: 3 }).unread).toEqual([{ name: 'age', why: 'the model was trained without user attributes' }]);
  });

  it('move the query embedding of a user the model never saw, and leave a known user as stored when they repeat its values', async () => {
    await ready({ backend: 'cpu', log: null });
    const rec = Recommender.create(
      {
        query: inferQuerySpecs({ columns: [{ name: 'user_plan', source: 'user.plan', kind: 'category' }, { name: 'user_age', source: 'user.age', kind: 'number' }] }, { embeddingDim: 4 }),
        candidate: inferCandidateSpecs({}, { embeddingDim: 4 }),
        model: { queryLayers: [4], candidateLayers: [4], seed: 1 },
      },
      { users: ['u', 'v', 'u'], timestamps: [1, 2, 3] },
      {
        catalogue: { ids: ['a', 'b', 'c'], titles: ['a', 'b', 'c'], genres: [[], [], []] },
        users: { ids: ['u', 'v'], lastTimestamp: Float64Array.from([3, 2]), columns: [age, plan] },
        seen: { offsets: Int32Array.from([0, 2, 3]), items: Int32Array.from([0, 1, 2]) },
        popularity: Float32Array.from([1, 1, 1]),
      },
    );
    expect(rec.checkUserAttributes({ plan: 'pro', age: 20 })).toEqual({ used: ['plan', 'age'], unread: [], errors: [] });
    const [own, same, other] = [rec.embedQueries(['u']), rec.embedQueries(['u'], undefined, undefined, [{ plan: 'pro', age: 20 }]), rec.embedQueries(['u'], undefined, undefined, [{ plan: 'free' }])];
    expect(Array.from(same)).toEqual(Array.from(own));
    expect(Array.from(other)).not.toEqual(Array.from(own));
    const stranger = rec.embedQueries(['stranger', 'stranger', 'stranger'], undefined, undefined, [undefined, { plan: 'pro', age: 20 }, { plan: 'free', age: 60 }]);
    const row = (r: number) => Array.from(stranger.subarray(r * rec.dim, (r + 1) * rec.dim));
    expect(row(1)).not.toEqual(row(0));
    expect(row(2)).not.toEqual(row(1));
    rec.dispose();
  });
});
