import { spawn } from 'node:child_process';

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /** Working directory. Default: the current one. */
  cwd?: string;
  /** Environment. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Kill the command (and its children) after this many milliseconds. Default 120000. */
  timeoutMs?: number;
  /** Keep at most this many characters of each of stdout and stderr (the end). Default 200000. */
  maxOutput?: number;
}

/** What a finished (or killed) command did. */
export interface CommandResult {
  /** Exit code; `null` when killed by a signal. */
  code: number | null;
  /** True when it ran past `timeoutMs` and was killed. */
  timedOut: boolean;
  /** Standard output (its last `maxOutput` characters). */
  stdout: string;
  /** Standard error (its last `maxOutput` characters). */
  stderr: string;
  /** Wall time in milliseconds. */
  ms: number;
}

/**
 * Runs `command args` without a shell and collects its output. Never rejects on a failing command:
 * the caller reads `code` and `timedOut`. The command runs in its own process group so a timeout
 * also stops what it started (npm's install scripts, node's children).
 */
export function runCommand(command: string, args: readonly string[], options: RunCommandOptions = {}): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxOutput = options.maxOutput ?? 200_000;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const keep = (s: string): string => (s.length > maxOutput ? s.slice(s.length - maxOutput) : s);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = keep(stdout + d)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = keep(stderr + d)));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: 127, timedOut, stdout, stderr: `${stderr}${command}: ${error.message}\n`, ms: Date.now() - started });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** The last `n` non-empty lines of a text, for reports. */
export function tail(text: string, n: number): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.slice(Math.max(0, lines.length - n)).join('\n');
}
