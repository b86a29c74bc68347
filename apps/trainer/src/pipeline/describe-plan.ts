import { relative } from 'node:path';
import { delimiterName, type LogPlan, type TablePlan } from '@twotower/data';

/** A path as the user would type it: relative to the working directory when that is shorter. */
export function shownPath(file: string): string {
  const r = relative(process.cwd(), file);
  return r.length < file.length && !r.startsWith('..') ? r : file;
}

function format(p: { format: 'csv' | 'jsonl'; delimiter?: string }): string {
  return p.format === 'jsonl' ? 'JSON Lines' : `CSV, delimiter ${delimiterName(p.delimiter ?? ',')}`;
}

function tableLines(kind: 'catalogue' | 'users', t: TablePlan): string[] {
  const lines = [`${kind} ${shownPath(t.file)}: ${format(t)}, ${t.rows.toLocaleString('en-US')} ${kind === 'catalogue' ? 'items' : 'users'}, id column ${t.idColumn}`];
  if (t.title !== undefined || t.genres !== undefined) {
    lines.push(`  ${[t.title !== undefined ? `title <- ${t.title}` : '', t.genres !== undefined ? `categories <- ${t.genres}` : ''].filter(Boolean).join('; ')}`);
  }
  const width = Math.max(0, ...t.columns.map((c) => c.name.length));
  for (const c of t.columns) lines.push(`  ${c.name.padEnd(width)}  ${c.kind} (${c.reason})`);
  return lines;
}

/**
 * How a log file was read, as lines: its format and delimiter, the column of each role and how
 * it was found, the timestamp format, the columns not read; the catalogue's and user file's
 * id, title and category columns and each other column's kind with the reason.
 */
export function planLines(plan: LogPlan): string[] {
  const lines = [`log ${shownPath(plan.file)}: ${format(plan)}, columns ${plan.columns.join(', ')}`];
  const width = Math.max(...plan.roles.map((r) => r.role.length));
  for (const r of plan.roles) {
    const time = r.role === 'timestamp' && plan.timestamp ? `: ${plan.timestamp.description}` : '';
    lines.push(`  ${r.role.padEnd(width)} <- ${r.column} (${r.how})${time}`);
  }
  if (!plan.roles.some((r) => r.role === 'rating')) lines.push('  no rating column: implicit feedback (every interaction is a positive)');
  if (!plan.roles.some((r) => r.role === 'timestamp')) lines.push('  no timestamp column: no time features');
  if (plan.unused.length > 0) lines.push(`  not read: ${plan.unused.join(', ')}${plan.roles.some((r) => r.role === 'weight') ? '' : ' (a count or dwell time can weigh examples: --weight-col COLUMN)'}`);
  if (plan.items) lines.push(...tableLines('catalogue', plan.items));
  if (plan.users) lines.push(...tableLines('users', plan.users));
  return lines;
}
