/**
 * How SOP Lens reaches AWS when nothing says otherwise: the one definition the CLI, the extension's
 * settings (`sopLens.aws.*` in package.json, checked equal by a unit test) and the core's own fallbacks
 * all use, with the bounds a setting or option may take.
 */

export interface Bounds {
  readonly min: number;
  readonly max: number;
}

export const AWS_DEFAULTS = {
  concurrency: {
    /** AWS calls in flight at once, across every account of a run. */
    overall: 64,
    /** AWS calls in flight at once in one account. */
    perAccount: 16,
    /** Accounts a command-line run signs in to and checks at once. */
    accounts: 16,
  },
  /** Time one call may take, retries included. */
  callTimeoutSeconds: 30,
  /** Attempts per call, the first included. */
  maxAttempts: 3,
  /** How long an assumed role's credentials last. */
  sessionDurationMinutes: 60,
  /** How long before expiry the extension's status bar warns. */
  expiryWarningMinutes: 5,
} as const;

export const AWS_BOUNDS = {
  overall: { min: 1, max: 256 },
  perAccount: { min: 1, max: 64 },
  accounts: { min: 1, max: 64 },
  callTimeoutSeconds: { min: 1, max: 600 },
  maxAttempts: { min: 1, max: 10 },
  sessionDurationMinutes: { min: 15, max: 720 },
  expiryWarningMinutes: { min: 0, max: 60 },
} as const satisfies Record<string, Bounds>;

/** `value` rounded into `bounds`, or `fallback` when it is not a finite number. */
export function clampToBounds(value: unknown, bounds: Bounds, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(bounds.max, Math.max(bounds.min, Math.round(value)));
}
