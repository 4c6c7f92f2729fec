import path from 'node:path';
import { ConfigError, loadConfig } from '../../lib/config';

describe('loadConfig', () => {
  it('when nothing is set, then the one-machine defaults apply', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.dataDir).toBe(path.resolve('.data'));
    expect(config.TEMPORAL_ADDRESS).toBeUndefined();
    expect(config.MONGODB_URI).toBeUndefined();
    expect(config.TEMPORAL_NAMESPACE).toBe('default');
  });

  it('when values are set, then they are parsed and typed', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/tmp/x',
      MONGODB_URI: 'mongodb://db:27017',
      LOG_PRETTY: 'true',
    });
    expect(config.PORT).toBe(8080);
    expect(config.dataDir).toBe('/tmp/x');
    expect(config.MONGODB_URI).toBe('mongodb://db:27017');
    expect(config.LOG_PRETTY).toBe(true);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['MONGODB_URI', 'postgres://x'],
    ['SMTP_URL', 'http://mail'],
    ['ADMIN_PASSWORD', 'short'],
    ['JWT_SECRET', 'too-short'],
    ['LOG_LEVEL', 'loud'],
    ['PUBLIC_URL', 'ftp://ijro.gov.uz'],
    ['PUBLIC_URL', 'ijro.gov.uz'],
    ['DIGEST_AT', '25:00'],
    ['DIGEST_AT', '5pm'],
  ])('when %s=%s, then start fails naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(
      new RegExp(`^Invalid configuration:\\n  ${name}:`),
    );
  });

  it('mail links go to PUBLIC_URL without a trailing slash, else to this machine on PORT', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://ijro.gov.uz/' }).publicUrl).toBe(
      'https://ijro.gov.uz',
    );
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({}).DIGEST_AT).toBe('17:00');
  });

  it('when a variable is empty, then it counts as unset', () => {
    expect(loadConfig({ TEMPORAL_ADDRESS: '' }).TEMPORAL_ADDRESS).toBeUndefined();
  });
});
