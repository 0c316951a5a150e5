// Stripe's wire format for parameters: `application/x-www-form-urlencoded` with bracket notation
// (`metadata[order]=1`, `expand[]=latest_charge`, `expand[0]=latest_charge` as stripe-node sends
// it). Parsed strictly: malformed escapes, malformed names, a name given twice and a name used
// both as a value and as a container are errors, never silently resolved.
import { textProblem } from '../kernel/index.ts';

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export class FormError extends Error {
  constructor(
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

const MAX_PAIRS = 1_000;
const MAX_DEPTH = 5;
const MAX_INDEX = 1_000;
const NAME = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

/** A node while building: arrays are index maps until every pair is in. */
type Node = { kind: 'value'; value: string } | { kind: 'object'; entries: Map<string, Node> } | { kind: 'array'; entries: Map<number, Node> };

export function parseForm(text: string): FormObject {
  const root: Node = { kind: 'object', entries: new Map() };
  if (text.length === 0) return {};
  const pairs = text.split('&');
  if (pairs.length > MAX_PAIRS) throw new FormError(`Too many parameters (at most ${MAX_PAIRS}).`);
  for (const pair of pairs) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    // NUL or a lone surrogate would be stored and echoed back to receivers that cannot hold them.
    const nameProblem = textProblem(rawName);
    if (nameProblem) throw new FormError(`Invalid parameter name: it ${nameProblem}.`);
    const valueProblem = textProblem(value);
    if (valueProblem) throw new FormError(`Invalid string for ${rawName}: it ${valueProblem}.`, rawName);
    insert(root, rawName, value);
  }
  return finish(root) as FormObject;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new FormError('Invalid request: the body contains a malformed percent-encoding.');
  }
}

function insert(root: Node, name: string, value: string): void {
  const m = NAME.exec(name);
  if (!m) throw new FormError(`Invalid parameter name: ${JSON.stringify(name)}.`, name);
  const segments = [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((s) => s[1]!)];
  if (segments.length > MAX_DEPTH + 1) throw new FormError(`Parameter nested too deeply: ${name}.`, name);
  let node = root;
  for (let i = 0; i < segments.length; i++) {
    const last = i === segments.length - 1;
    const seg = segments[i]!;
    const child: Node | undefined = last ? { kind: 'value', value } : undefined;
    node = step(node, seg, child, segments[i + 1], name);
  }
}

/** Descends one segment, creating the container the next segment needs; stores `leaf` at the end. */
function step(node: Node, seg: string, leaf: Node | undefined, nextSeg: string | undefined, name: string): Node {
  const wanted: Node['kind'] = leaf ? 'value' : nextSeg === '' || isIndex(nextSeg) ? 'array' : 'object';
  const fresh = (): Node => leaf ?? (wanted === 'array' ? { kind: 'array', entries: new Map() } : { kind: 'object', entries: new Map() });
  if (node.kind === 'object') {
    if (seg === '' || isIndex(seg)) throw new FormError(`Invalid parameter name: ${name} (an index on a non-list).`, name);
    const existing = node.entries.get(seg);
    if (existing) return reuse(existing, wanted, name);
    const created = fresh();
    node.entries.set(seg, created);
    return created;
  }
  if (node.kind === 'array') {
    if (seg !== '' && !isIndex(seg)) throw new FormError(`Invalid parameter name: ${name} (a key on a list).`, name);
    let index: number;
    if (seg === '') {
      index = node.entries.size === 0 ? 0 : Math.max(...node.entries.keys()) + 1;
    } else {
      index = Number(seg);
    }
    if (index > MAX_INDEX) throw new FormError(`List index too large in ${name}.`, name);
    const existing = node.entries.get(index);
    if (existing) return reuse(existing, wanted, name);
    const created = fresh();
    node.entries.set(index, created);
    return created;
  }
  throw new FormError(`Invalid parameter: ${name} conflicts with another parameter.`, name);
}

function reuse(existing: Node, wanted: Node['kind'], name: string): Node {
  if (wanted === 'value' && existing.kind === 'value') throw new FormError(`Received duplicate parameter: ${name}.`, name);
  if (existing.kind !== wanted) throw new FormError(`Invalid parameter: ${name} conflicts with another parameter.`, name);
  return existing;
}

function isIndex(seg: string | undefined): boolean {
  return seg !== undefined && /^\d{1,4}$/.test(seg);
}

function finish(node: Node): FormValue {
  if (node.kind === 'value') return node.value;
  if (node.kind === 'array') return [...node.entries.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => finish(v));
  const out: FormObject = {};
  for (const [k, v] of node.entries) Object.defineProperty(out, k, { value: finish(v), enumerable: true, writable: true, configurable: true });
  return out;
}

/** The inverse, for the case driver and tests: bracket notation, lists as `name[]`. */
export function encodeForm(params: Record<string, unknown>): string {
  const pairs: string[] = [];
  const walk = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (Array.isArray(value)) value.forEach((v) => walk(`${key}[]`, v));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(`${key}[${k}]`, v);
    else pairs.push(`${encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(String(value ?? ''))}`);
  };
  for (const [k, v] of Object.entries(params)) walk(k, v);
  return pairs.join('&');
}
