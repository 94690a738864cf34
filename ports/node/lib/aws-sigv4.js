'use strict';
/** AWS Signature Version 4: canonical request, string to sign, derived key, HMAC-SHA256. */

const { Buffer } = require('node:buffer');
const {
  InputError,
  compareUtf8,
  hmacSha256,
  percentDecode,
  percentEncode,
  sha256Hex,
  asciiLower,
  asciiStrip,
  utf8,
} = require('./encoding');
const { bool, int, object, pairs, str } = require('./input');

const SCHEME = 'aws-sigv4';
const ALGORITHM = 'AWS4-HMAC-SHA256';
const STEPS = [
  'canonical_uri',
  'canonical_query_string',
  'canonical_headers',
  'signed_headers',
  'hashed_payload',
  'canonical_request',
  'credential_scope',
  'hashed_canonical_request',
  'string_to_sign',
  'k_date_hex',
  'k_region_hex',
  'k_service_hex',
  'k_signing_hex',
];
// Headers the signer sets itself; a caller who also sends them would sign a stale copy.
const SIGNER_HEADERS = ['x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256', 'authorization'];
const WHITESPACE_RUN = /[ \t\r\n]+/g;
/** The payload hash of a request whose body is not signed (S3 presigned URLs). */
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/**
 * RFC 3986 dot-segment removal that also collapses empty segments (`//`), as AWS does.
 * @param {string} path
 * @returns {string}
 */
function normalizePath(path) {
  if (!path) return '/';
  /** @type {string[]} */
  const segments = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const leading = path.startsWith('/') ? '/' : '';
  const trailing = path.endsWith('/') && segments.length > 0 ? '/' : '';
  return leading + segments.join('/') + trailing;
}

/**
 * Encode the path as sent. Non-S3 services encode it again, `%` included (`%20` becomes
 * `%2520`); S3 (`doubleEncode` false) keeps existing escapes and only encodes raw bytes.
 * @param {string} path the path exactly as on the wire
 * @param {boolean} [normalize] remove `.`, `..` and empty segments first (all services but S3)
 * @param {boolean} [doubleEncode]
 * @returns {string}
 */
function canonicalUri(path, normalize = true, doubleEncode = true) {
  if (normalize) path = normalizePath(path);
  if (!path) path = '/';
  return percentEncode(path, doubleEncode ? '/' : '/%');
}

/**
 * Decode each `key=value` of the raw query as sent, re-encode it strictly (`+` is a literal
 * plus, `%2B`), sort by key then value. `extra` pairs (the presigned X-Amz-* parameters) are
 * unencoded and join the sort.
 * @param {string} query raw query string, without '?'
 * @param {Array<[string, string]>} [extra]
 * @returns {string}
 */
function canonicalQueryString(query, extra = []) {
  /** @type {Array<[string, string]>} */
  const pairs = [];
  for (const part of query ? query.split('&') : []) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([percentEncode(percentDecode(key)), percentEncode(percentDecode(value))]);
  }
  for (const [key, value] of extra) pairs.push([percentEncode(key), percentEncode(value)]);
  pairs.sort((a, b) => compareUtf8(a[0], b[0]) || compareUtf8(a[1], b[1]));
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

/**
 * Lower-case names (ASCII A-Z only), trim values (space, tab, CR, LF) and collapse inner
 * whitespace runs (folded lines included) to one space, join repeated names with ',' in sent order (never sorted), sort by name.
 * @param {Array<[string, string]>} headers [name, value] pairs in sent order
 * @returns {{canonicalHeaders: string, signedHeaders: string}}
 */
function canonicalHeaders(headers) {
  /** @type {Map<string, string[]>} */
  const merged = new Map();
  for (const [name, value] of headers) {
    const key = asciiLower(asciiStrip(name));
    if (!merged.has(key)) merged.set(key, []);
    merged.get(key).push(asciiStrip(value.replace(WHITESPACE_RUN, ' ')));
  }
  const names = [...merged.keys()].sort(compareUtf8);
  return {
    canonicalHeaders: names.map((name) => `${name}:${merged.get(name).join(',')}\n`).join(''),
    signedHeaders: names.join(';'),
  };
}

/**
 * Hex SHA-256 of the body bytes exactly as sent.
 * @param {Buffer | string} body
 * @returns {string}
 */
function hashedPayload(body) {
  return sha256Hex(body);
}

/**
 * @param {string} method
 * @param {string} uri canonical URI
 * @param {string} query canonical query string
 * @param {string} headers canonical headers (each line ends in \n, so a blank line follows)
 * @param {string} signed signed headers
 * @param {string} payloadHash
 * @returns {string}
 */
function canonicalRequest(method, uri, query, headers, signed, payloadHash) {
  return [method, uri, query, headers, signed, payloadHash].join('\n');
}

/**
 * @param {string} date YYYYMMDD
 * @param {string} region
 * @param {string} service
 * @returns {string}
 */
function credentialScope(date, region, service) {
  return `${date}/${region}/${service}/aws4_request`;
}

/**
 * @param {string} timestamp YYYYMMDDTHHMMSSZ
 * @param {string} scope
 * @param {string} hashedCanonicalRequest
 * @returns {string}
 */
function stringToSign(timestamp, scope, hashedCanonicalRequest) {
  return `${ALGORITHM}\n${timestamp}\n${scope}\n${hashedCanonicalRequest}`;
}

/**
 * The derivation chain kDate, kRegion, kService, kSigning.
 * @param {string} secret secret access key
 * @param {string} date YYYYMMDD
 * @param {string} region
 * @param {string} service
 * @returns {[Buffer, Buffer, Buffer, Buffer]}
 */
function signingKeys(secret, date, region, service) {
  const kDate = hmacSha256(utf8('AWS4' + secret), date);
  const kRegion = hmacSha256(kDate, region);
  const kService = hmacSha256(kRegion, service);
  return [kDate, kRegion, kService, hmacSha256(kService, 'aws4_request')];
}

/**
 * @param {string} secret
 * @param {string} date YYYYMMDD
 * @param {string} region
 * @param {string} service
 * @returns {Buffer} kSigning
 */
function signingKey(secret, date, region, service) {
  return signingKeys(secret, date, region, service)[3];
}

/**
 * @param {Buffer} key kSigning
 * @param {string} toSign
 * @returns {string} lower-case hex
 */
function signature(key, toSign) {
  return hmacSha256(key, toSign).toString('hex');
}

/**
 * The Authorization header value (header form).
 * @param {string} accessKeyId
 * @param {string} scope
 * @param {string} signedHeaders
 * @param {string} sig
 * @returns {string}
 */
function authorization(accessKeyId, scope, signedHeaders, sig) {
  return `${ALGORITHM} Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${sig}`;
}

const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The body bytes: `body_base64` (strict standard base64) or the UTF-8 of `body` (default '').
 * @param {Record<string, unknown>} input
 * @returns {Buffer}
 */
function requestBody(input) {
  if (input.body_base64 !== undefined) {
    const text = str(input, 'body_base64');
    // Buffer.from(…, 'base64') skips junk silently; the spec wants standard, padded base64.
    if (!STRICT_BASE64.test(text) || text.length % 4 !== 0) {
      throw new InputError('body_base64', 'expected standard padded base64');
    }
    return Buffer.from(text, 'base64');
  }
  return utf8(str(input, 'body', ''));
}

/**
 * Refuse headers the signer sets itself: a caller who also sent them would sign a stale copy.
 * @param {Array<[string, string]>} headers
 * @param {string[]} signerHeaders lower-case names
 */
function refuseSignerHeaders(headers, signerHeaders) {
  for (const [name] of headers) {
    if (signerHeaders.includes(asciiLower(asciiStrip(name)))) {
      throw new InputError('headers', `${JSON.stringify(name)} is set by the signer; leave it out of headers`);
    }
  }
}

const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * Refuse a timestamp that is not a real UTC time (month 13, Feb 30, second 60, year 0).
 * @param {string} stamp
 */
function checkTimestamp(stamp) {
  const m = TIMESTAMP.exec(stamp);
  const [year, month, day, hour, minute, second] = m ? m.slice(1).map(Number) : [];
  const probe = new Date(0);
  if (m) probe.setUTCFullYear(year, month - 1, day); // setUTCFullYear: no 19xx remapping of 0..99
  const real =
    m && year >= 1 && probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day && hour <= 23 && minute <= 59 && second <= 59;
  if (!real) {
    throw new InputError('timestamp', `${JSON.stringify(stamp)} is not a real YYYYMMDDTHHMMSSZ time`);
  }
}

/**
 * @typedef {object} AwsInput fields and defaults as in vectors/schema/aws-sigv4.schema.json
 * @property {string} method
 * @property {string} path the path exactly as on the wire
 * @property {string} [query] raw query string, default ''
 * @property {Array<[string, string]>} headers [name, value] pairs in sent order, Host included
 * @property {string} [body] UTF-8 body, default ''
 * @property {string} [body_base64] binary body, standard base64
 * @property {string} access_key_id
 * @property {string} secret_access_key
 * @property {string} [session_token]
 * @property {boolean} [omit_session_token] default false
 * @property {string} region
 * @property {string} service
 * @property {string} timestamp YYYYMMDDTHHMMSSZ, UTC
 * @property {boolean} [normalize_path] default true
 * @property {boolean} [double_encode_path] default true
 * @property {boolean} [sign_body] default false
 * @property {boolean} [unsigned_payload] default false: sign UNSIGNED_PAYLOAD, not the body's hash
 * @property {'header' | 'query'} [signature_location] default 'header'
 * @property {number} [expires_in] default 3600
 */

/**
 * Sign a request; returns every intermediate (named as the vectors' steps) and the output.
 * @param {AwsInput} request
 * @returns {{intermediates: Record<string, string>, output: {signature: string,
 *   authorization?: string, signed_query?: string, headers: Record<string, string>}}}
 */
function signAws(request) {
  const input = object(request);
  const stamp = str(input, 'timestamp');
  checkTimestamp(stamp);
  const method = str(input, 'method');
  const path = str(input, 'path');
  const accessKeyId = str(input, 'access_key_id');
  const region = str(input, 'region');
  const service = str(input, 'service');
  const headers = pairs(input, 'headers');
  refuseSignerHeaders(headers, SIGNER_HEADERS);
  const location = str(input, 'signature_location', 'header');
  if (location !== 'header' && location !== 'query') {
    throw new InputError('signature_location', `expected 'header' or 'query', got ${JSON.stringify(location)}`);
  }
  const inQuery = location === 'query';
  const token = input.session_token === undefined ? '' : str(input, 'session_token');
  const signToken = token !== '' && !bool(input, 'omit_session_token', false);
  const payloadHash = bool(input, 'unsigned_payload', false)
    ? UNSIGNED_PAYLOAD
    : hashedPayload(requestBody(input));
  const date = stamp.slice(0, 8);
  const scope = credentialScope(date, region, service);

  /** @type {Record<string, string>} headers the signer adds, as sent */
  const added = {};
  if (!inQuery) {
    added['X-Amz-Date'] = stamp;
    if (token) added['X-Amz-Security-Token'] = token;
    if (bool(input, 'sign_body', false)) added['x-amz-content-sha256'] = payloadHash;
  }
  const toCanonicalize = headers.concat(
    Object.entries(added).filter(([name]) => name !== 'X-Amz-Security-Token' || signToken),
  );
  const { canonicalHeaders: canonHeaders, signedHeaders } = canonicalHeaders(toCanonicalize);

  /** @type {Array<[string, string]>} */
  let extra = [];
  if (inQuery) {
    extra = [
      ['X-Amz-Algorithm', ALGORITHM],
      ['X-Amz-Credential', `${accessKeyId}/${scope}`],
      ['X-Amz-Date', stamp],
      ['X-Amz-Expires', String(int(input, 'expires_in', 3600))],
      ['X-Amz-SignedHeaders', signedHeaders],
    ];
    if (signToken) extra.push(['X-Amz-Security-Token', token]);
  }
  const canonQuery = canonicalQueryString(str(input, 'query', ''), extra);
  const canonUri = canonicalUri(
    path,
    bool(input, 'normalize_path', true),
    bool(input, 'double_encode_path', true),
  );
  const creq = canonicalRequest(method, canonUri, canonQuery, canonHeaders, signedHeaders, payloadHash);
  const creqHash = sha256Hex(creq);
  const toSign = stringToSign(stamp, scope, creqHash);
  const keys = signingKeys(str(input, 'secret_access_key'), date, region, service);
  const sig = signature(keys[3], toSign);

  /** @type {{signature: string, authorization?: string, signed_query?: string, headers: Record<string, string>}} */
  let output;
  if (inQuery) {
    // An unsigned token (omit_session_token) is appended after the signature.
    const unsignedToken = token && !signToken ? `&X-Amz-Security-Token=${percentEncode(token)}` : '';
    output = { signature: sig, signed_query: `${canonQuery}&X-Amz-Signature=${sig}${unsignedToken}`, headers: added };
  } else {
    const header = authorization(accessKeyId, scope, signedHeaders, sig);
    output = { signature: sig, authorization: header, headers: { ...added, Authorization: header } };
  }
  const values = [
    canonUri, canonQuery, canonHeaders, signedHeaders, payloadHash, creq, scope, creqHash, toSign,
    ...keys.map((key) => key.toString('hex')),
  ];
  return {
    intermediates: Object.fromEntries(STEPS.map((step, i) => [step, values[i]])),
    output,
  };
}

module.exports = {
  SCHEME,
  STEPS,
  ALGORITHM,
  UNSIGNED_PAYLOAD,
  normalizePath,
  canonicalUri,
  canonicalQueryString,
  canonicalHeaders,
  hashedPayload,
  canonicalRequest,
  credentialScope,
  stringToSign,
  signingKeys,
  signingKey,
  signature,
  requestBody,
  refuseSignerHeaders,
  checkTimestamp,
  authorization,
  signAws,
  sign: signAws,
};
