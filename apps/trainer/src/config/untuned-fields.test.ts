import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load-config';
import { untunedFields, untunedFieldsNote } from './untuned-fields';

describe('untunedFields', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tt-untuned-'));
  const file = (name: string, json: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(json));
    return path;
  };

  it('lists the fields a file without extends leaves to the schema, with both values', () => {
    const path = file('alone.json', { model: { members: 2 }, training: { epochs: 5 } });
    const fields = untunedFields(path, loadConfig(path));
    const tuned = loadConfig('default');
    const byPath = new Map(fields.map((f) => [f.path, f]));
    // what the file gives is not listed, even where it differs from the default (epochs 5 against 40)
    expect(byPath.has('model.members')).toBe(false);
    expect(byPath.has('training.epochs')).toBe(false);
    // what it leaves out and the default tunes is, with the value it gets and the default's
    expect(byPath.get('loss.temperature')).toEqual({ path: 'loss.temperature', value: loadConfig(path).loss.temperature, tuned: tuned.loss.temperature });
    expect(byPath.get('model.popularityLean')).toEqual({ path: 'model.popularityLean', value: 0, tuned: tuned.model.popularityLean });
    expect(byPath.has('name')).toBe(false);
    // nor what a command-line flag sets
    const flags = { loss: { temperature: 0.5 } };
    const withFlag = untunedFields(path, loadConfig(path, flags), flags);
    expect(withFlag.map((f) => f.path)).toEqual(fields.map((f) => f.path).filter((p) => p !== 'loss.temperature'));
    const note = untunedFieldsNote(path, loadConfig(path), {}, 2)!;
    expect(note).toContain(`${path} has no "extends", so ${fields.length} fields it does not give`);
    expect(note).toContain(`and ${fields.length - 2} more`);
    expect(note).toContain('"extends": "default"');
  });

  it('is empty for a preset, a file that extends one, and a file giving every tuned field', () => {
    expect(untunedFields(undefined, loadConfig('default'))).toEqual([]);
    expect(untunedFields('default', loadConfig('default'))).toEqual([]);
    expect(untunedFields('tfrs-reference', loadConfig('tfrs-reference'))).toEqual([]);
    const extending = file('extends.json', { extends: 'default', training: { epochs: 5 } });
    expect(untunedFields(extending, loadConfig(extending))).toEqual([]);
    const { name: _name, ...everything } = loadConfig('default');
    const full = file('full.json', { name: 'mine', ...everything });
    expect(untunedFields(full, loadConfig(full))).toEqual([]);
    expect(untunedFieldsNote(full, loadConfig(full))).toBeUndefined();
  });
});
