/** `twotower-serve` from its sources, for tests that need a real process (signals, exit code, stdout): `node --import tsx src/test/serve-process.ts [flags]`. */
import { main } from '../main';

void main(process.argv.slice(2)).then((code) => {
  if (code !== undefined) process.exitCode = code;
});
