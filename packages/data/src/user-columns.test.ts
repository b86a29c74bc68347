import { userColumns, userTableColumns } from './user-columns';

const table = { ages: Float32Array.from([24, NaN]), genders: ['M', ''], occupations: ['technician', 'other'], zipCodes: ['85711', ' '] };

describe('userTableColumns', () => {
  it('turns MovieLens\'s user table into columns: age a number, the rest labels, missing values null', () => {
    const cols = userTableColumns(table);
    expect(cols.map((c) => [c.name, c.kind])).toEqual([['age', 'number'], ['gender', 'category'], ['occupation', 'category'], ['zip_prefix', 'category']]);
    expect(cols.map((c) => c.values)).toEqual([[24, null], ['M', null], ['technician', 'other'], ['85', null]]);
  });

  it('a user file\'s columns win over the user table; no user data gives none', () => {
    const own = [{ name: 'plan', kind: 'category' as const, values: ['a', 'b'], reason: 'x' }];
    expect(userColumns({ users: table, userAttributes: own })).toBe(own);
    expect(userColumns({ users: table }).map((c) => c.name)).toEqual(['age', 'gender', 'occupation', 'zip_prefix']);
    expect(userColumns({})).toEqual([]);
  });
});
