import { OWASP_SCRYPT_PARAMS, ScryptPasswordHasher } from './scrypt-password.hasher';

// scrypt at OWASP cost takes ~0.3 s per call: one hash and two verifies at full cost, the rest
// with cheap parameters (the code path is the same; only N differs).
describe('ScryptPasswordHasher', () => {
  describe('at OWASP parameters', () => {
    const hasher = new ScryptPasswordHasher();
    let stored: string;
    beforeAll(async () => {
      stored = await hasher.hash('correct horse battery staple');
    });

    it('stores parameters, a 16-byte salt and a 32-byte key in the hash', () => {
      const [algorithm, log2N, r, p, salt, key] = stored.split('$');
      expect([algorithm, log2N, r, p]).toEqual(['scrypt', '17', '8', '1']);
      expect(Buffer.from(salt, 'base64')).toHaveLength(16);
      expect(Buffer.from(key, 'base64')).toHaveLength(OWASP_SCRYPT_PARAMS.keyLength);
      expect(stored).not.toContain('correct horse');
    });

    it('verifies the right password and rejects a wrong one', async () => {
      await expect(hasher.verify('correct horse battery staple', stored)).resolves.toBe(true);
      await expect(hasher.verify('correct horse battery stapler', stored)).resolves.toBe(false);
    });
  });

  describe('with cheap parameters', () => {
    const cheap = new ScryptPasswordHasher({ log2N: 10, r: 8, p: 1, keyLength: 32 });

    it('salts every hash', async () => {
      const [a, b] = await Promise.all([cheap.hash('same password'), cheap.hash('same password')]);
      expect(a).not.toBe(b);
      await expect(cheap.verify('same password', a)).resolves.toBe(true);
      await expect(cheap.verify('same password', b)).resolves.toBe(true);
    });

    it('verifies with the parameters stored in the hash, not its own', async () => {
      const stored = await new ScryptPasswordHasher({ log2N: 11, r: 4, p: 2, keyLength: 48 }).hash(
        'pw-123456',
      );
      expect(stored.startsWith('scrypt$11$4$2$')).toBe(true);
      await expect(cheap.verify('pw-123456', stored)).resolves.toBe(true);
      await expect(cheap.verify('pw-1234567', stored)).resolves.toBe(false);
    });

    it('returns false for a missing user, whatever the password', async () => {
      await expect(cheap.verify('', undefined)).resolves.toBe(false);
      await expect(cheap.verify('anything at all', undefined)).resolves.toBe(false);
    });

    it('refuses a corrupted hash or out-of-range parameters', async () => {
      await expect(cheap.verify('pw', 'bcrypt$2b$10$abc')).rejects.toThrow(/not an scrypt hash/);
      const huge = `scrypt$30$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;
      await expect(cheap.verify('pw', huge)).rejects.toThrow(/log2N=30/);
      expect(() => new ScryptPasswordHasher({ log2N: 4, r: 8, p: 1, keyLength: 32 })).toThrow(
        /log2N=4/,
      );
    });
  });
});
