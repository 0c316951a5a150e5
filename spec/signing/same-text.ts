// Signatures are compared in constant time, so a forger learns nothing from how long a refusal took.
import { timingSafeEqual } from 'node:crypto';

export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
