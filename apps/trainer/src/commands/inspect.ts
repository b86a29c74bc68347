import { resolve } from 'node:path';
import { describe as describeLog, type LogPlan } from '@twotower/data';
import { loadConfig } from '../config/load-config';
import { untunedFieldsNote } from '../config/untuned-fields';
import { planLines } from '../pipeline/describe-plan';
import { recommenderSpec } from '../pipeline/feature-specs';
import { featureLines, rankingLine, readLines, retrievalLine, summaryLines } from '../pipeline/inspect-report';
import { loadData } from '../pipeline/load-data';

/** Options of {@link inspect}. */
export interface InspectOptions {
  /** Data set directory or interactions file. */
  data: string;
  /** Preset name or config file. Default `default`. */
  config?: string;
  /** Config fields overridden by flags (nested objects). */
  overrides?: Record<string, unknown>;
  /** Where the lines go. Default stdout. */
  print?: (line: string) => void;
}

/**
 * The config file that trains on what was read: the preset (or file) extended with the data
 * path and every column, file and format that was given or detected, and the flags' fields.
 */
export function configToUse(base: string, dataPath: string, plan: LogPlan | undefined, overrides: Record<string, unknown>): Record<string, unknown> {
  const { data: flagData, ...rest } = overrides as { data?: Record<string, unknown> };
  const data: Record<string, unknown> = { dir: dataPath };
  if (plan) {
    data.columns = Object.fromEntries(plan.roles.map((r) => [r.role, r.column]));
    if (plan.timestamp) data.timestampFormat = plan.timestamp.format;
    if (plan.delimiter !== undefined && plan.delimiter !== ',') data.delimiter = plan.delimiter;
    // absolute, as the data path: the file works from any directory
    if (plan.items) data.items = resolve(plan.items.file);
    if (plan.users) data.users = resolve(plan.users.file);
  }
  Object.assign(data, { ...flagData, ...data });
  return { extends: base, data, ...rest };
}

/**
 * `twotower-train inspect`: what training would read and do, without training — how each file
 * is read (format, delimiter, column roles, timestamp format, catalogue and user columns with
 * their kinds), rows kept and bad rows by reason with file:line, users, items, density, time span,
 * interactions per user and per item (quantiles), the features each tower would get, the ranking
 * models, and the config file that reproduces it.
 */
export async function inspect(options: InspectOptions): Promise<{ config: Record<string, unknown> }> {
  const print = options.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  const config = loadConfig(options.config, options.overrides);
  const dataPath = resolve(config.data.dir ?? options.data);
  print(`twotower-train inspect: data ${dataPath}, config "${config.name}"`);
  const untuned = untunedFieldsNote(options.config, config, options.overrides);
  if (untuned) print(untuned);
  const { dataset, plan } = await loadData(dataPath, config.data);
  print('');
  print(plan ? 'read as' : `read as a MovieLens directory (${dataset.name})`);
  if (plan) for (const line of planLines(plan)) print(`  ${line}`);
  print('');
  print('rows');
  for (const line of readLines(dataset.reports)) print(`  ${line}`);
  print('');
  const s = describeLog(dataset.interactions);
  print('the log');
  for (const line of summaryLines(s)) print(`  ${line}`);
  const hasRatings = (s.ratings?.count ?? 0) > 0;
  print('');
  print('training would use');
  const { spec, skipped } = recommenderSpec(config, dataset, { hasTimestamps: s.timestamps !== undefined });
  for (const line of featureLines(spec, skipped)) print(`  ${line}`);
  print(`  ${retrievalLine(config)}`);
  print(`  ${rankingLine(config, hasRatings)}`);
  print(`  split: seed ${config.split.seed}, ${Math.round(100 * config.split.trainFraction)}% train (${Math.round(100 * config.split.validationFraction)}% of it validation), the rest test; ${config.training.epochs} epochs at most${config.training.patience ? `, early stopping after ${config.training.patience} without progress` : ''}`);
  print('');
  const file = configToUse(options.config ?? 'default', dataPath, plan, options.overrides ?? {});
  print('config it would use (save it as a file, change what you like, pass --config FILE):');
  print(JSON.stringify(file, null, 2));
  return { config: file };
}
