import { installTemporalRuntime } from '../../lib/temporal-runtime';
import { createLogger } from '../../lib/logger';

// Tests print only what goes wrong: the SDK's info logs would bury jest's output.
installTemporalRuntime(createLogger({ name: 'test', level: process.env.LOG_LEVEL ?? 'warn' }), {
  coreLevel: 'ERROR',
});
