// Adyen's pspReference: 16 characters, digits and upper-case letters ("F7WCWRG6JPHR8HG2"), drawn
// from the kernel's seeded random source so a run's references replay from its seed.
import { randomId, type Kernel } from '../kernel/index.ts';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

export function newPspReference(kernel: Kernel): string {
  return randomId(kernel.random, '', 16, ALPHABET);
}

/** A six-digit authorisation code, as issuers return. */
export function newAuthCode(kernel: Kernel): string {
  return randomId(kernel.random, '', 6, DIGITS);
}

export function isPspReference(value: string): boolean {
  return /^[0-9A-Z]{16}$/.test(value);
}
