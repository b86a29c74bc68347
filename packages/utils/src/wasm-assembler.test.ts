import { F32, I32, leb, op, sleb, wasmModule } from './wasm-assembler';

// the package compiles without the DOM library, which types the WebAssembly global
interface Wasm {
  validate(b: Uint8Array): boolean;
  Memory: new (d: object) => { buffer: ArrayBufferLike };
  Module: new (b: Uint8Array) => object;
  Instance: new (m: object, i: object) => { exports: unknown };
}
const WebAssembly = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

describe('wasm assembler', () => {
  it('encodes LEB128 as the spec does', () => {
    expect(leb(0)).toEqual([0]);
    expect(leb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
  });

  it('writes a module that validates and runs over an imported shared memory', () => {
    const bytes = wasmModule(
      [
        // sum4(p) = the four floats at byte offset p, added with one f32x4 load
        {
          name: 'sum4', params: [I32], results: [F32], locals: [0x7b],
          body: [
            ...op.get(0), ...op.v128Load(), ...op.set(1),
            ...op.get(1), ...op.f32x4Lane(0), ...op.get(1), ...op.f32x4Lane(1), ...op.f32Add,
            ...op.get(1), ...op.f32x4Lane(2), ...op.f32Add, ...op.get(1), ...op.f32x4Lane(3), ...op.f32Add,
          ],
        },
        { name: 'twice', params: [I32], results: [I32], locals: [], body: [...op.get(0), ...op.i32(2), ...op.i32Mul] },
      ],
      { pages: 1, maxPages: 4, shared: true },
    );
    expect(WebAssembly.validate(bytes)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    const { sum4, twice } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as {
      sum4: (p: number) => number;
      twice: (x: number) => number;
    };
    new Float32Array(memory.buffer).set([1.5, 2, 3, 4], 4);
    expect(sum4(16)).toBe(10.5);
    expect(twice(-21)).toBe(-42);
  });
});
