'use strict';
/** Tencent Cloud API 3.0 signature, TC3-HMAC-SHA256. */

const {
  InputError,
  asciiLower,
  asciiStrip,
  compareUtf8,
  hmacSha256,
  sha256Hex,
  utf8,
} = require('./encoding');
const { int, object, str } = require('./input');

const SCHEME = 'tencent-tc3';
const ALGORITHM = 'TC3-HMAC-SHA256';
const DEFAULT_CONTENT_TYPE = 'application/json; charset=utf-8';
const DEFAULT_SIGNED_HEADERS = ['content-type', 'host'];
const MAX_TIMESTAMP = 253402300799; // 9999-12-31T23:59:59Z
const STEPS = [
  'hashed_request_payload',
  'canonical_headers',
  'signed_headers',
  'canonical_request',
  'date',
  'credential_scope',
  'hashed_canonical_request',
  'string_to_sign',
  'secret_date_hex',
  'secret_service_hex',
  'secret_signing_hex',
];

/**
 * @typedef {object} TencentInput fields and defaults as in vectors/schema/tencent-tc3.schema.json
 * @property {string} secret_id
 * @property {string} secret_key
 * @property {string} service
 * @property {string} host
 * @property {string} action
 * @property {string} version
 * @property {number} timestamp UNIX seconds, an integer
 * @property {'POST' | 'GET'} method
 * @property {string} payload the exact body sent; '' for GET
 * @property {string} query canonical query string for GET; '' for POST
 * @property {string} [content_type] default 'application/json; charset=utf-8'
 * @property {string} [region] X-TC-Region, sent when non-empty
 * @property {string} [token] X-TC-Token, sent when non-empty
 * @property {string[]} [signed_headers] lower-case names, default ['content-type', 'host']
 */

/**
 * The value of every header the scheme can sign, keyed by lower-case name.
 * @param {TencentInput} request
 * @returns {Record<string, string>}
 */
function headerValues(request) {
  const input = object(request);
  /** @type {Record<string, string>} */
  const values = {
    'content-type': str(input, 'content_type', DEFAULT_CONTENT_TYPE),
    host: str(input, 'host'),
    'x-tc-action': str(input, 'action'),
    'x-tc-timestamp': String(int(input, 'timestamp')),
    'x-tc-version': str(input, 'version'),
  };
  const region = str(input, 'region', '');
  if (region) values['x-tc-region'] = region;
  const token = str(input, 'token', '');
  if (token) values['x-tc-token'] = token;
  return values;
}

/**
 * `name:value\n` per signed header, in the order given (pass them sorted). Tencent lower-cases
 * header VALUES too (ASCII A-Z only, after trimming space, tab, CR, LF), so x-tc-action carries
 * the action in lower case.
 * @param {string[]} names sorted lower-case header names
 * @param {Record<string, string>} values by lower-case name
 * @returns {string}
 */
function canonicalHeaders(names, values) {
  return names.map((name) => `${name}:${asciiLower(asciiStrip(values[name]))}\n`).join('');
}

/**
 * The canonical URI is always '/'; an empty query still leaves its (blank) line, and the
 * headers block (ending in \n) is followed by another.
 * @param {string} method
 * @param {string} query
 * @param {string} headers canonical headers
 * @param {string} signed signed headers
 * @param {string} payloadHash
 * @returns {string}
 */
function canonicalRequest(method, query, headers, signed, payloadHash) {
  return [method, '/', query, headers, signed, payloadHash].join('\n');
}

/**
 * The UTC date of a UNIX timestamp, never the local one (they differ near midnight).
 * @param {number} timestamp seconds
 * @returns {string} YYYY-MM-DD
 */
function utcDate(timestamp) {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/**
 * @param {string} date YYYY-MM-DD
 * @param {string} service
 * @returns {string}
 */
function credentialScope(date, service) {
  return `${date}/${service}/tc3_request`;
}

/**
 * @param {number} timestamp
 * @param {string} scope
 * @param {string} hashedCanonicalRequest
 * @returns {string}
 */
function stringToSign(timestamp, scope, hashedCanonicalRequest) {
  return `${ALGORITHM}\n${timestamp}\n${scope}\n${hashedCanonicalRequest}`;
}

/**
 * secretDate, secretService, secretSigning.
 * @param {string} secretKey
 * @param {string} date YYYY-MM-DD
 * @param {string} service
 * @returns {[Buffer, Buffer, Buffer]}
 */
function signingKeys(secretKey, date, service) {
  const secretDate = hmacSha256(utf8('TC3' + secretKey), date);
  const secretService = hmacSha256(secretDate, service);
  return [secretDate, secretService, hmacSha256(secretService, 'tc3_request')];
}

/**
 * Sign a request; returns every intermediate (named as the vectors' steps) and the output.
 * @param {TencentInput} request
 * @returns {{intermediates: Record<string, string>,
 *   output: {signature: string, authorization: string, headers: Record<string, string>}}}
 */
function signTencent(request) {
  const input = object(request);
  const values = headerValues(input);
  const timestamp = int(input, 'timestamp');
  if (timestamp < 0 || timestamp > MAX_TIMESTAMP) {
    throw new InputError('timestamp', `${timestamp} is outside 0..${MAX_TIMESTAMP}`);
  }
  const listed = input.signed_headers === undefined ? DEFAULT_SIGNED_HEADERS : input.signed_headers;
  if (!Array.isArray(listed) || !listed.every((name) => typeof name === 'string')) {
    throw new InputError('signed_headers', 'expected a list of header names');
  }
  const names = [...listed].sort(compareUtf8);
  const missing = names.find((name) => !Object.hasOwn(values, name));
  if (missing !== undefined) {
    throw new InputError('signed_headers', `names ${JSON.stringify(missing)}, but the input has no value`);
  }
  const service = str(input, 'service');
  const payloadHash = sha256Hex(str(input, 'payload'));
  const headers = canonicalHeaders(names, values);
  const signed = names.join(';');
  const creq = canonicalRequest(str(input, 'method'), str(input, 'query'), headers, signed, payloadHash);
  const date = utcDate(timestamp);
  const scope = credentialScope(date, service);
  const creqHash = sha256Hex(creq);
  const toSign = stringToSign(timestamp, scope, creqHash);
  const [secretDate, secretService, secretSigning] = signingKeys(str(input, 'secret_key'), date, service);
  const signature = hmacSha256(secretSigning, toSign).toString('hex');
  const authorization =
    `${ALGORITHM} Credential=${str(input, 'secret_id')}/${scope}, ` +
    `SignedHeaders=${signed}, Signature=${signature}`;
  /** @type {Record<string, string>} */
  const sent = {
    Authorization: authorization,
    'Content-Type': values['content-type'],
    Host: values.host,
    'X-TC-Action': values['x-tc-action'],
    'X-TC-Timestamp': values['x-tc-timestamp'],
    'X-TC-Version': values['x-tc-version'],
  };
  if ('x-tc-region' in values) sent['X-TC-Region'] = values['x-tc-region'];
  if ('x-tc-token' in values) sent['X-TC-Token'] = values['x-tc-token'];
  return {
    intermediates: {
      hashed_request_payload: payloadHash,
      canonical_headers: headers,
      signed_headers: signed,
      canonical_request: creq,
      date,
      credential_scope: scope,
      hashed_canonical_request: creqHash,
      string_to_sign: toSign,
      secret_date_hex: secretDate.toString('hex'),
      secret_service_hex: secretService.toString('hex'),
      secret_signing_hex: secretSigning.toString('hex'),
    },
    output: { signature, authorization, headers: sent },
  };
}

module.exports = {
  SCHEME,
  STEPS,
  ALGORITHM,
  DEFAULT_CONTENT_TYPE,
  DEFAULT_SIGNED_HEADERS,
  headerValues,
  canonicalHeaders,
  canonicalRequest,
  utcDate,
  credentialScope,
  stringToSign,
  signingKeys,
  signTencent,
  sign: signTencent,
};
