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

/**
 * Sends the Temporal SDK's own logs through pino, its Rust core only from `coreLevel` up;
 * with `metricsAddress` (`127.0.0.1:<port>`), the SDK's worker figures in Prometheus format.
 */
export function installTemporalRuntime(
  logger: Logger,
  opts: { coreLevel?: LogLevel; metricsAddress?: string } = {},
): void {
  Runtime.install({
    logger: new DefaultLogger('INFO', ({ level, message, meta }) =>
      logger[LEVELS[level]](meta ?? {}, message),
    ),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: opts.coreLevel ?? 'WARN' }) },
      ...(opts.metricsAddress
        ? { metrics: { prometheus: { bindAddress: opts.metricsAddress } } }
        : {}),
    },
  });
}
