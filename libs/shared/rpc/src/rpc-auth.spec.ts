import { RpcCredentials } from './rpc-auth';

describe('RpcCredentials', () => {
  const secret = 'a-test-rpc-secret-that-is-long-enough-0000';
  const gateway = new RpcCredentials({ service: 'gateway', secret });
  const video = new RpcCredentials({ service: 'video', secret });
  const t0 = Date.UTC(2026, 11, 2, 12, 0, 0);

  it("verifies another service's token and names the caller", () => {
    expect(video.verify(gateway.token(t0), t0)).toBe('gateway');
  });

  it('refuses a missing, malformed, forged or foreign-key token', () => {
    const token = gateway.token(t0);
    const [service, exp, mac] = token.split('.');
    const otherKey = new RpcCredentials({ service: 'gateway', secret: `${secret}-other` });
    for (const bad of [
      undefined,
      '',
      42,
      'gateway',
      `${service}.${exp}`,
      `video.${exp}.${mac}`, // a signature is bound to the service name
      `${service}.${Number(exp) + 1}.${mac}`, // and to the expiry
      `${service}.${exp}.${mac.slice(0, -2)}AA`,
      `${token}.extra`,
      otherKey.token(t0),
    ]) {
      expect(video.verify(bad, t0)).toBeUndefined();
    }
  });

  it('refuses an expired token, and one valid for longer than tokens are issued', () => {
    const token = gateway.token(t0);
    expect(video.verify(token, t0 + 120_000)).toBe('gateway');
    expect(video.verify(token, t0 + 151_000)).toBeUndefined();
    const fresh = new RpcCredentials({ service: 'gateway', secret });
    const farFuture = fresh.token(t0 + 3_600_000);
    expect(video.verify(farFuture, t0)).toBeUndefined();
  });

  it('renews its own token at half-life and keeps it until then', () => {
    const own = new RpcCredentials({ service: 'like', secret });
    const first = own.token(t0);
    expect(own.token(t0 + 59_000)).toBe(first);
    const renewed = own.token(t0 + 61_000);
    expect(renewed).not.toBe(first);
    expect(video.verify(renewed, t0 + 61_000)).toBe('like');
  });

  it('refuses a name that is not a service name', () => {
    expect(() => new RpcCredentials({ service: 'Video Service', secret })).toThrow(
      /not a service name/,
    );
  });
});
