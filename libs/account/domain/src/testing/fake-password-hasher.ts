import type { PasswordHasher } from '..';
import { ioTick } from '@newsreel/shared-unit-of-work/testing';

/**
 * Fast, reversible stand-in for the scrypt hasher in use-case tests (scrypt at OWASP cost takes
 * ~0.3 s per call). Records calls, so tests can check that a login for an unknown user still
 * did the hashing work.
 */
export class FakePasswordHasher implements PasswordHasher {
  readonly verifyCalls: { password: string; stored: string | undefined }[] = [];

  async hash(password: string): Promise<string> {
    await ioTick();
    return `fake$${password}`;
  }

  async verify(password: string, stored: string | undefined): Promise<boolean> {
    await ioTick();
    this.verifyCalls.push({ password, stored });
    return stored !== undefined && stored === `fake$${password}`;
  }
}
