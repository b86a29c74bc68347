import type { ProtocolFigures } from '@twotower/artifact';

const COLUMNS: [string, 'wholeCatalogue' | 'excludeSeen', string][] = [
  ['whole top10', 'wholeCatalogue', 'top10'],
  ['whole top50', 'wholeCatalogue', 'top50'],
  ['whole top100', 'wholeCatalogue', 'top100'],
  ['excl top10', 'excludeSeen', 'top10'],
  ['excl top50', 'excludeSeen', 'top50'],
  ['excl top100', 'excludeSeen', 'top100'],
  ['recall@10', 'excludeSeen', 'recall@10'],
  ['ndcg@10', 'excludeSeen', 'ndcg@10'],
];

/** A fixed-width table of retrieval metrics, one row per model (missing values shown as '-'). */
export function metricsTable(rows: [string, ProtocolFigures | undefined][]): string {
  const nameWidth = Math.max(5, ...rows.map(([n]) => n.length));
  const header = ['model'.padEnd(nameWidth), ...COLUMNS.map(([h]) => h.padStart(12))].join(' ');
  const lines = rows.map(([name, m]) =>
    [
      name.padEnd(nameWidth),
      ...COLUMNS.map(([, protocol, key]) => {
        const v = (m?.[protocol] as Record<string, number> | undefined)?.[key];
        return (v === undefined ? '-' : v.toFixed(4)).padStart(12);
      }),
    ].join(' '),
  );
  return [header, '-'.repeat(header.length), ...lines].join('\n');
}
