import { describe, expect, it } from '@jest/globals';
import { COLLAB_LIMITS } from '@commonplace/shared';
import { ConfigError, loadConfig } from './config.js';

describe('the collaboration limits in the configuration', () => {
  it('defaults to the shared limits and takes numbers from the environment', () => {
    expect(loadConfig({})).toEqual(
      expect.objectContaining({
        COLLAB_MAX_CONNECTIONS_PER_ACCOUNT: COLLAB_LIMITS.maxConnectionsPerAccount,
        COLLAB_MAX_APPEND_BYTES_PER_MINUTE: COLLAB_LIMITS.maxAppendBytesPerMinute,
      }),
    );
    expect(
      loadConfig({
        COLLAB_MAX_CONNECTIONS_PER_ACCOUNT: '40',
        COLLAB_MAX_APPEND_BYTES_PER_MINUTE: String(8 * 1024 * 1024),
      }),
    ).toEqual(
      expect.objectContaining({
        COLLAB_MAX_CONNECTIONS_PER_ACCOUNT: 40,
        COLLAB_MAX_APPEND_BYTES_PER_MINUTE: 8 * 1024 * 1024,
      }),
    );
  });

  it('refuses a cap below one connection, and a budget smaller than one largest message, saying why', () => {
    expect(() => loadConfig({ COLLAB_MAX_CONNECTIONS_PER_ACCOUNT: '0' })).toThrow(
      'COLLAB_MAX_CONNECTIONS_PER_ACCOUNT must be at least 1.',
    );
    expect(() => loadConfig({ COLLAB_MAX_APPEND_BYTES_PER_MINUTE: '1000' })).toThrow(ConfigError);
    expect(() => loadConfig({ COLLAB_MAX_APPEND_BYTES_PER_MINUTE: '1000' })).toThrow(
      `at least ${COLLAB_LIMITS.maxMessageBytes} (one largest message)`,
    );
  });
});
