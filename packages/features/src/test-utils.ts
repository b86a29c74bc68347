/** fit → toJSON → JSON.stringify → JSON.parse: what a model artifact stores and a server reads back. */
export function throughJson(value: { toJSON(): unknown }): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
