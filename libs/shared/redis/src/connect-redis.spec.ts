import { createRedisClient } from './connect-redis';

// No server needed: the client is lazy, and these are the options every Redis client shares.
describe('createRedisClient', () => {
  it('builds a lazy client that fails commands fast instead of queueing them', async () => {
    const client = createRedisClient('redis://127.0.0.1:1/3', { name: 'config centre' });
    try {
      expect(client.status).toBe('wait');
      expect(client.options).toMatchObject({
        connectionName: 'newsreel-config-centre',
        db: 3,
        connectTimeout: 5000,
        commandTimeout: 2000,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        autoResendUnfulfilledCommands: false,
      });
      await expect(client.get('k')).rejects.toThrow(/enableOfflineQueue/);
    } finally {
      client.disconnect();
    }
  });

  it('backs off from 100 ms, doubling up to the configured cap', () => {
    const client = createRedisClient('redis://127.0.0.1:1', {
      name: 'registry',
      connectTimeoutMs: 2000,
      commandTimeoutMs: 1000,
      maxReconnectDelayMs: 1000,
    });
    try {
      expect(client.options).toMatchObject({ connectTimeout: 2000, commandTimeout: 1000 });
      const delays = [1, 2, 3, 4, 5, 6].map((attempt) => client.options.retryStrategy?.(attempt));
      expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    } finally {
      client.disconnect();
    }
  });
});
