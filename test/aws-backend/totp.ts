/**
 * RFC 6238 time-based one-time passwords as a virtual MFA device computes them: HMAC-SHA1 over the
 * 30-second step counter, dynamically truncated (RFC 4226) to 6 digits; the secret is base32 (RFC 4648).
 */
import { createHmac } from 'node:crypto';

export const TOTP_STEP_SECONDS = 30;
const DIGITS = 6;
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(secret: string): Buffer {
  const clean = secret.toUpperCase().replace(/[\s=]/g, '');
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index < 0) throw new Error('The TOTP secret is not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** The HOTP value for one counter (RFC 4226 section 5.3). */
export function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', key).update(message).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = (digest.readUInt32BE(offset) & 0x7fffffff) % 10 ** DIGITS;
  return String(binary).padStart(DIGITS, '0');
}

export function totp(secret: string, at: Date = new Date()): string {
  return hotp(base32Decode(secret), Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS));
}

/** Whether `code` is the code of the current step or one step either side (clock drift, as AWS allows). */
export function verifyTotp(secret: string, code: string, at: Date = new Date(), window = 1): boolean {
  const key = base32Decode(secret);
  const counter = Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS);
  for (let drift = -window; drift <= window; drift++) {
    if (hotp(key, counter + drift) === code) return true;
  }
  return false;
}
