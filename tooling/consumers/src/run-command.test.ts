import { runCommand, tail } from './run-command';

describe('runCommand', () => {
  it('collects output and the exit code', async () => {
    const r = await runCommand(process.execPath, ['-e', 'console.log("out"); console.error("err"); process.exit(3)']);
    expect(r).toMatchObject({ code: 3, timedOut: false, stdout: 'out\n', stderr: 'err\n' });
  });

  it('kills a command that runs past its timeout', async () => {
    const r = await runCommand(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.code).toBeNull();
  });

  it('reports a command that does not exist', async () => {
    const r = await runCommand('/nonexistent/command', []);
    expect(r.code).toBe(127);
    expect(r.stderr).toContain('/nonexistent/command');
  });

  it('keeps only the end of long output', async () => {
    const r = await runCommand(process.execPath, ['-e', 'process.stdout.write("a".repeat(1000) + "END")'], { maxOutput: 10 });
    expect(r.stdout).toBe('aaaaaaaEND');
  });
});

describe('tail', () => {
  it('returns the last non-empty lines', () => {
    expect(tail('a\n\nb\nc\n\n', 2)).toBe('b\nc');
  });
});
