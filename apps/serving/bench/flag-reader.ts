/** One flag's value, read from the argument after it. */
export interface FlagValue {
  /** The next argument; throws "FLAG needs a value" when there is none. */
  string(): string;
  /** The next argument as a finite number >= 0; throws naming the flag when it is not one. */
  number(): number;
  /** The next argument as numbers separated by commas (empty items dropped). */
  numbers(): number[];
}

/**
 * Walks the benches' command lines (`--flag value` pairs and bare switches, in order): `on` sets
 * what each flag means, reading its value through `value`, and returns false for a flag it does
 * not know, which throws "unknown argument FLAG".
 */
export function readFlags(argv: readonly string[], on: (flag: string, value: FlagValue) => boolean): void {
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const string = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${flag} needs a value`);
      return x;
    };
    const number = (): number => {
      const x = Number(string());
      if (!Number.isFinite(x) || x < 0) throw new Error(`${flag} needs a number >= 0`);
      return x;
    };
    const numbers = (): number[] =>
      string()
        .split(',')
        .filter((x) => x !== '')
        .map(Number);
    if (!on(flag, { string, number, numbers })) throw new Error(`unknown argument ${flag}`);
  }
}
