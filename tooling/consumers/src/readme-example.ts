/**
 * Finds the example a package's README shows its users: the first fenced code block whose info
 * string is `ts` or `typescript` (e.g. ```` ```ts ````). Other blocks (`sh`, `json`, ...) are skipped.
 *
 * @param markdown The README text.
 * @returns The block's code (without the fences, ending with a newline) and the 1-based line of
 *   its first code line, or `undefined` when the README has no TypeScript block.
 */
export function firstTypeScriptBlock(markdown: string): { code: string; line: number } | undefined {
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[2]!;
    const lang = open[3]!.toLowerCase();
    const end = findClosingFence(lines, i + 1, fence);
    if (lang === 'ts' || lang === 'typescript') {
      return { code: lines.slice(i + 1, end).join('\n') + '\n', line: i + 2 };
    }
    i = end; // skip the whole non-TypeScript block, so a ```ts inside it is not taken
  }
  return undefined;
}

/** Index of the line closing a fence opened with `fence` (the last line when unclosed). */
function findClosingFence(lines: readonly string[], from: number, fence: string): number {
  const char = fence[0]!;
  for (let j = from; j < lines.length; j++) {
    const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[j]!);
    if (close && close[1]![0] === char && close[1]!.length >= fence.length) return j;
  }
  return lines.length;
}
