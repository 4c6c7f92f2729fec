import fs from 'node:fs';

import type { Config } from './config';

/** Connection options shared by the client (API) and the worker: address, mTLS, API key. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: { clientCertPair?: { crt: Buffer; key: Buffer }; serverRootCACertificate?: Buffer };
  apiKey?: string;
}

export function temporalConnectionOptions(config: Config): TemporalConnectionOptions {
  if (!config.TEMPORAL_ADDRESS) {
    throw new Error('TEMPORAL_ADDRESS is not set (npm start sets it for the embedded server)');
  }
  const read = (file: string) => fs.readFileSync(file);
  const cert = config.TEMPORAL_TLS_CERT;
  const key = config.TEMPORAL_TLS_KEY;
  const useTls = Boolean(cert || config.TEMPORAL_TLS_CA || config.TEMPORAL_API_KEY);
  return {
    address: config.TEMPORAL_ADDRESS,
    ...(useTls
      ? {
          tls: {
            ...(cert && key ? { clientCertPair: { crt: read(cert), key: read(key) } } : {}),
            ...(config.TEMPORAL_TLS_CA
              ? { serverRootCACertificate: read(config.TEMPORAL_TLS_CA) }
              : {}),
          },
        }
      : {}),
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  };
}
