/** The TOTP of the virtual MFA devices against the RFC 6238 test vectors (SHA-1, truncated to 6 digits). */
import * as assert from 'node:assert/strict';
import { base32Decode, hotp, totp, verifyTotp } from '../../aws-backend/totp';

// RFC 6238 appendix B: the SHA-1 secret is the ASCII "12345678901234567890"; base32 of it:
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('AWS backend: TOTP (RFC 6238)', () => {
  it('decodes base32', () => {
    assert.equal(base32Decode(RFC_SECRET).toString('ascii'), '12345678901234567890');
  });

  it('matches the RFC test vectors (last 6 of the 8 digits)', () => {
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
    ];
    for (const [seconds, expected] of vectors) assert.equal(totp(RFC_SECRET, new Date(seconds * 1000)), expected.slice(-6), `at T=${seconds}`);
  });

  it('matches the RFC 4226 HOTP vectors', () => {
    const key = Buffer.from('12345678901234567890');
    assert.deepEqual([0, 1, 2, 9].map((counter) => hotp(key, counter)), ['755224', '287082', '359152', '520489']);
  });

  it('accepts one step of drift either side and nothing further', () => {
    const at = new Date(1_700_000_000_000);
    const step = (n: number) => totp(RFC_SECRET, new Date(at.getTime() + n * 30_000));
    assert.ok(verifyTotp(RFC_SECRET, step(-1), at));
    assert.ok(verifyTotp(RFC_SECRET, step(1), at));
    assert.ok(!verifyTotp(RFC_SECRET, step(2), at));
    assert.ok(!verifyTotp(RFC_SECRET, step(-2), at));
  });
});
