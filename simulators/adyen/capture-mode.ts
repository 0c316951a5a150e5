// Whether a payment is captured at authorisation or held for a later /captures call.
//
// Adyen captures card payments immediately by default (a merchant-account setting, here the
// simulator's `defaultCapture`). Per payment:
//   additionalData.manualCapture "true"  -> manual: held until /payments/{psp}/captures
//   captureDelayHours 0                  -> immediate capture
//   captureDelayHours n > 0              -> held like manual: delayed automatic capture is NOT
//                                           simulated (no timers); capture it explicitly
//   additionalData.manualCapture "false" -> immediate capture
// manualCapture "true" wins over captureDelayHours.
import { ADYEN_ERRORS } from './errors.ts';
import { isObject, type Body, type Checked } from './request.ts';

export function isManualCapture(body: Body, defaultCapture: 'immediate' | 'manual'): Checked<boolean> {
  const extra = body.additionalData;
  if (extra !== undefined && extra !== null && !isObject(extra)) {
    return { ok: false, error: ADYEN_ERRORS.invalidField('additionalData', 'must be an object of strings') };
  }
  const flag = isObject(extra) ? extra.manualCapture : undefined;
  const manualFlag = flag === true || flag === 'true' ? true : flag === false || flag === 'false' ? false : undefined;
  const delay = body.captureDelayHours;
  if (delay !== undefined && delay !== null && !(Number.isSafeInteger(delay) && (delay as number) >= 0)) {
    return { ok: false, error: ADYEN_ERRORS.invalidField('captureDelayHours', 'a whole number of hours from 0') };
  }
  if (manualFlag === true) return { ok: true, value: true };
  if (typeof delay === 'number') return { ok: true, value: delay > 0 };
  if (manualFlag === false) return { ok: true, value: false };
  return { ok: true, value: defaultCapture === 'manual' };
}
