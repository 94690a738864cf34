'use strict';
/**
 * What every scheme's verifier shares: the received request, the server's settings (clock, time
 * windows, region, service, nonces already seen), the reason codes, and the small checks each
 * scheme runs in its own order.
 */

const { Buffer } = require('node:buffer');
const crypto = require('node:crypto');
const { asciiLower, asciiStrip, percentDecode } = require('./encoding');

/** The reason codes: a verifier rejects with exactly one, the first failing check. */
const REASONS = [
  'missing-auth',
  'malformed-auth',
  'unsupported-algorithm',
  'unknown-key',
  'scope-mismatch',
  'clock-skew',
  'expired',
  'unsigned-header',
  'signature-mismatch',
  'payload-hash-mismatch',
  'replay',
];

/** A verifier's "invalid" verdict: a reason code and what failed. */
class Rejection extends Error {
  /**
   * @param {string} reason one of REASONS
   * @param {string} message
   */
  constructor(reason, message) {
    super(message);
    if (!REASONS.includes(reason)) throw new TypeError(`unknown reason ${reason}`);
    this.name = 'Rejection';
    this.reason = reason;
  }
}

/** The time windows as the vendors document them, in seconds; each overridable. */
const DEFAULT_SETTINGS = Object.freeze({
  awsSkewSeconds: 15 * 60, // RequestTimeTooSkewed beyond 15 minutes
  awsMaxExpiresSeconds: 7 * 24 * 3600, // X-Amz-Expires at most 604800
  tc3SkewSeconds: 5 * 60, // AuthFailure.SignatureExpire beyond 5 minutes
  aliyunSkewSeconds: 15 * 60, // InvalidTimeStamp.Expired beyond 15 minutes
  iflytekSkewSeconds: 5 * 60, // "more than 5 minutes from server time"
});

/**
 * The server's settings: the vendors' windows, its clock `now` (POSIX seconds), optionally its
 * own region and service (a scope naming others is scope-mismatch) and the nonces it accepted.
 * @param {number} now
 * @param {{region?: string, service?: string, seenNonces?: Iterable<string>}} [server]
 */
function settings(now, server = {}) {
  return {
    ...DEFAULT_SETTINGS,
    now,
    region: server.region || null,
    service: server.service || null,
    seenNonces: new Set(server.seenNonces || []),
  };
}

/** A received HTTP request: `target` is the path and `?query` exactly as on the request line. */
class ReceivedRequest {
  /**
   * @param {string} method
   * @param {string} target
   * @param {Array<[string, string]>} headers in sent order, repeats kept
   * @param {Buffer} body
   */
  constructor(method, target, headers = [], body = Buffer.alloc(0)) {
    this.method = method;
    this.target = target;
    this.headers = headers;
    this.body = body;
  }

  get path() {
    const at = this.target.indexOf('?');
    return at < 0 ? this.target : this.target.slice(0, at);
  }

  get query() {
    const at = this.target.indexOf('?');
    return at < 0 ? '' : this.target.slice(at + 1);
  }

  /**
   * Every value sent under `name` (case-insensitive), in sent order.
   * @param {string} name
   * @returns {string[]}
   */
  headerValues(name) {
    const wanted = asciiLower(name);
    return this.headers.filter(([n]) => asciiLower(asciiStrip(n)) === wanted).map(([, v]) => v);
  }

  /**
   * @param {string} name
   * @returns {string | undefined} the first value sent under `name`
   */
  header(name) {
    return this.headerValues(name)[0];
  }

  /** @returns {string[]} the lower-case names sent, each once, in first-sent order */
  headerNames() {
    return [...new Set(this.headers.map(([n]) => asciiLower(asciiStrip(n))))];
  }
}

/**
 * `key=value` pairs of a raw query (empty pieces skipped, no '=' means an empty value),
 * percent-decoded as UTF-8. `plusIsSpace`: form decoding, as servlet containers and PHP read it.
 * @param {string} query
 * @param {boolean} [plusIsSpace]
 * @returns {Array<[string, string]>}
 */
function queryPairs(query, plusIsSpace = false) {
  /** @type {Array<[string, string]>} */
  const pairs = [];
  for (const piece of query ? query.split('&') : []) {
    if (!piece) continue;
    const eq = piece.indexOf('=');
    let key = eq < 0 ? piece : piece.slice(0, eq);
    let value = eq < 0 ? '' : piece.slice(eq + 1);
    if (plusIsSpace) [key, value] = [key.replaceAll('+', ' '), value.replaceAll('+', ' ')];
    pairs.push([percentDecode(key).toString('utf8'), percentDecode(value).toString('utf8')]);
  }
  return pairs;
}

/**
 * @param {Array<[string, string]>} pairs
 * @param {string} name
 * @returns {string[]} the values of the pairs named `name`, in order
 */
function valuesOf(pairs, name) {
  return pairs.filter(([n]) => n === name).map(([, v]) => v);
}

/**
 * The one value sent under `name`; a repeat is malformed-auth.
 * @param {string[]} values
 * @param {string} name
 * @returns {string | undefined}
 */
function single(values, name) {
  if (values.length > 1) throw new Rejection('malformed-auth', `${name} is sent ${values.length} times`);
  return values[0];
}

/**
 * Reject with clock-skew when `requestTime` is more than `window` seconds from `now` (exactly at
 * the edge is accepted).
 * @param {number} requestTime
 * @param {number} now
 * @param {number} window
 * @param {string} what
 */
function checkWindow(requestTime, now, window, what) {
  const offset = requestTime - now;
  if (Math.abs(offset) > window) {
    const side = offset > 0 ? 'ahead of' : 'behind';
    throw new Rejection('clock-skew', `${what} is ${Math.abs(offset)} s ${side} the server clock (window: ${window} s)`);
  }
}

/**
 * Constant-time comparison of the expected and received signatures, byte for byte (upper-case
 * hex is another signature).
 * @param {string} expected
 * @param {string} received
 * @returns {boolean}
 */
function sameSignature(expected, received) {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * @param {Record<string, string>} credentials key id -> secret
 * @param {string} keyId
 * @param {string} what
 * @returns {string} the secret, or unknown-key
 */
function lookupSecret(credentials, keyId, what) {
  if (!Object.hasOwn(credentials, keyId)) throw new Rejection('unknown-key', `${what} ${JSON.stringify(keyId)} is not known to the server`);
  return credentials[keyId];
}

/**
 * @param {string | undefined} text
 * @param {number} [maxDigits]
 * @returns {boolean} non-empty ASCII digits, at most maxDigits of them
 */
function isDigits(text, maxDigits = Infinity) {
  return typeof text === 'string' && /^[0-9]+$/.test(text) && text.length <= maxDigits;
}

/**
 * POSIX seconds of a UTC time matched by `pattern` (groups: year, month, day, hour, minute,
 * second); null when it is not one or not a real date.
 * @param {string} text
 * @param {RegExp} pattern
 * @returns {number | null}
 */
function parseUtc(text, pattern) {
  const m = pattern.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year); // Date.UTC maps years 0..99 to 1900..1999
  const real =
    date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
  return real && year >= 1 ? date.getTime() / 1000 : null;
}

/**
 * `ALGORITHM Credential=..., SignedHeaders=..., Signature=...` (AWS and TC3 alike): each part
 * exactly once, nothing else, a non-empty Signature.
 * @param {string} value
 * @param {string} algorithm
 * @returns {{Credential: string, SignedHeaders: string, Signature: string}}
 */
function parseAuthorization(value, algorithm) {
  const text = value.trim();
  const space = text.indexOf(' ');
  const token = space < 0 ? text : text.slice(0, space);
  const rest = space < 0 ? '' : text.slice(space + 1);
  if (!token) throw new Rejection('malformed-auth', 'the Authorization header is empty');
  if (token !== algorithm) throw new Rejection('unsupported-algorithm', `Authorization algorithm ${JSON.stringify(token)}, expected ${algorithm}`);
  /** @type {Map<string, string>} */
  const parts = new Map();
  for (const piece of rest.split(',')) {
    const trimmed = piece.trim();
    const eq = trimmed.indexOf('=');
    if (eq < 0) throw new Rejection('malformed-auth', `Authorization part ${JSON.stringify(trimmed)} has no '='`);
    const name = trimmed.slice(0, eq);
    if (parts.has(name)) throw new Rejection('malformed-auth', `Authorization part ${name} is repeated`);
    parts.set(name, trimmed.slice(eq + 1));
  }
  const expected = ['Credential', 'SignedHeaders', 'Signature'];
  for (const name of parts.keys()) {
    if (!expected.includes(name)) throw new Rejection('malformed-auth', `Authorization has an unknown part ${JSON.stringify(name)}`);
  }
  for (const name of expected) {
    if (!parts.has(name)) throw new Rejection('malformed-auth', `Authorization lacks ${name}=`);
  }
  if (!parts.get('Signature')) throw new Rejection('malformed-auth', 'the signature is empty');
  return {
    Credential: parts.get('Credential'),
    SignedHeaders: parts.get('SignedHeaders'),
    Signature: parts.get('Signature'),
  };
}

module.exports = {
  REASONS,
  DEFAULT_SETTINGS,
  Rejection,
  ReceivedRequest,
  settings,
  queryPairs,
  valuesOf,
  single,
  checkWindow,
  sameSignature,
  lookupSecret,
  isDigits,
  parseUtc,
  parseAuthorization,
};
