// Stripe's request encoding: `application/x-www-form-urlencoded` with bracket notation for
// nested values (`metadata[payment_id]=pay_1`, `expand[]=latest_charge`). Keys keep their
// brackets literal; everything else is percent-encoded. `undefined` fields are left out.

export type FormInput = { [key: string]: FormField };
export type FormField = string | number | boolean | undefined | FormField[] | FormInput;

export function encodeForm(params: FormInput): string {
  const pairs: string[] = [];
  const walk = (name: string, value: FormField): void => {
    if (value === undefined) return;
    if (Array.isArray(value)) {
      for (const item of value) walk(`${name}[]`, item);
    } else if (typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(`${name}[${key}]`, inner);
    } else {
      pairs.push(`${encodeName(name)}=${encodeURIComponent(String(value))}`);
    }
  };
  for (const [key, value] of Object.entries(params)) walk(key, value);
  return pairs.join('&');
}

function encodeName(name: string): string {
  return encodeURIComponent(name).replace(/%5B/g, '[').replace(/%5D/g, ']');
}
