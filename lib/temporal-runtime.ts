import {
  DefaultLogger,
  Runtime,
  makeTelemetryFilterString,
  type LogLevel,
} from '@temporalio/worker';
import type { Logger } from './logger';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Sends the Temporal SDK's own logs through pino; its Rust core only from `coreLevel` up. */
export function installTemporalRuntime(logger: Logger, coreLevel: LogLevel = 'WARN'): void {
  Runtime.install({
    logger: new DefaultLogger('INFO', ({ level, message, meta }) =>
      logger[LEVELS[level]](meta ?? {}, message),
    ),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: coreLevel }) } },
  });
}
