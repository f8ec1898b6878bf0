import { configKey, configKeys, hotKeys, isHotKey } from './config-keys';

describe('config keys', () => {
  it('lists the hot keys declared in the schema', () => {
    expect(hotKeys().sort()).toEqual(
      [
        'auth.loginFailuresPerIp.blockSec',
        'auth.loginFailuresPerIp.points',
        'auth.loginFailuresPerIp.windowSec',
        'auth.loginFailuresPerUsername.blockSec',
        'auth.loginFailuresPerUsername.points',
        'auth.loginFailuresPerUsername.windowSec',
        'auth.passwordHashing.maxConcurrent',
        'auth.passwordHashing.maxQueued',
        'auth.passwordHashing.maxWaitMs',
        'auth.refusedLoginDelayMs',
        'auth.signupsPerIp.blockSec',
        'auth.signupsPerIp.points',
        'auth.signupsPerIp.windowSec',
        'notifications.maxStreams',
        'notifications.maxStreamsPerIp',
        'notifications.maxStreamsPerUser',
        'cache.feedTtlMs',
        'cache.videoTtlMs',
        'comment.sensitiveWords',
        'feed.defaultPageSize',
        'log.level',
        'tracing.sampleRatio',
      ].sort(),
    );
    expect(isHotKey('comment.sensitiveWords')).toBe(true);
    expect(isHotKey('rpc.timeoutMs')).toBe(false);
    expect(isHotKey('comment')).toBe(false);
  });

  it('describes every leaf key with its reload mode and whether it is a list', () => {
    expect(configKey('services.video.rpcPort')).toEqual({
      key: 'services.video.rpcPort',
      reload: 'restart',
      list: false,
    });
    expect(configKey('kafka.brokers')).toEqual({
      key: 'kafka.brokers',
      reload: 'restart',
      list: true,
    });
    expect(configKey('comment.sensitiveWords')?.list).toBe(true);
    // A mode on an object applies to its keys.
    expect(configKey('configCentre.source')?.reload).toBe('local');
    expect(configKey('auth.jwtSecret')?.reload).toBe('local');
    expect(configKey('services')).toBeUndefined();
    expect(configKeys().every((k) => !k.key.startsWith('.') && k.key.length > 0)).toBe(true);
  });
});
