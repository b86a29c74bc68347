export { main, overridesFromFlags, UsageError } from './cli';
export { train } from './commands/train';
export type { TrainOptions, TrainResult } from './commands/train';
export { demo } from './commands/demo';
export type { DemoOptions } from './commands/demo';
export { loadConfig, validateConfig, ConfigError, PRESETS, PRESET_DIR } from './config/load-config';
export { TrainConfigSchema } from './config/schema';
export type { TrainConfig, TrainConfigInput } from './config/schema';
