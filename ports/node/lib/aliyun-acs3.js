'use strict';
/**
 * Alibaba Cloud V3 request signature (ACS3-HMAC-SHA256): a canonical request over the path, the
 * sorted query, the host, content-type and x-acs-* headers and the body's SHA-256, signed with
 * HMAC-SHA256 keyed with the AccessKey secret.
 */

const aws = require('./aws-sigv4');
const { InputError, asciiLower, asciiStrip, compareUtf8, hmacSha256, percentEncode, sha256Hex } = require('./encoding');
const { object, pairs, str } = require('./input');

const SCHEME = 'aliyun-acs3';
const ALGORITHM = 'ACS3-HMAC-SHA256';
const STEPS = [
  'canonical_uri',
  'canonical_query_string',
  'hashed_request_payload',
  'canonical_headers',
  'signed_headers',
  'canonical_request',
  'hashed_canonical_request',
  'string_to_sign',
];
const CONTENT_SHA256 = 'x-acs-content-sha256';
const SECURITY_TOKEN = 'x-acs-security-token';
// Headers the signer sets itself; a caller who also sent them would sign a stale copy.
const SIGNER_HEADERS = [CONTENT_SHA256, SECURITY_TOKEN, 'authorization'];

/**
 * The resource path percent-encoded per RFC 3986, '/' kept.
 * @param {string} path unencoded, as the API names it
 * @returns {string}
 */
function canonicalUri(path) {
  return percentEncode(path || '/', '/');
}

/**
 * Parameters sorted by their unencoded names (code point order, not UTF-16 units), then
 * `enc(name)=enc(value)` joined by '&' (an empty value gives `name=`).
 * @param {Record<string, string>} query decoded parameters
 * @returns {string}
 */
function canonicalQueryString(query) {
  return Object.entries(query)
    .sort((a, b) => compareUtf8(a[0], b[0]))
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    .join('&');
}

/**
 * @param {string} name lower-case
 * @returns {boolean} whether the header is signed: host, content-type, x-acs-*
 */
function isSigned(name) {
  return name === 'host' || name === 'content-type' || name.startsWith('x-acs-');
}

/**
 * The signed headers as `lower(name):trimmed value\n`, sorted by name, and their names joined by ';'.
 * @param {Array<[string, string]>} headers
 * @returns {{canonicalHeaders: string, signedHeaders: string}}
 */
function canonicalHeaders(headers) {
  const signed = headers
    .map(([name, value]) => [asciiLower(asciiStrip(name)), asciiStrip(value)])
    .filter(([name]) => isSigned(name))
    .sort((a, b) => compareUtf8(a[0], b[0]));
  return {
    canonicalHeaders: signed.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders: signed.map(([name]) => name).join(';'),
  };
}

/**
 * @param {string} hashedCanonicalRequest
 * @returns {string}
 */
function stringToSign(hashedCanonicalRequest) {
  return `${ALGORITHM}\n${hashedCanonicalRequest}`;
}

/**
 * @param {string} accessKeySecret
 * @param {string} toSign
 * @returns {string} lower-case hex HMAC-SHA256
 */
function signature(accessKeySecret, toSign) {
  return hmacSha256(accessKeySecret, toSign).toString('hex');
}

/**
 * The Authorization header: three parts separated by ',' with no space.
 * @param {string} accessKeyId
 * @param {string} signedHeaders
 * @param {string} sig
 * @returns {string}
 */
function authorization(accessKeyId, signedHeaders, sig) {
  return `${ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${sig}`;
}

/**
 * The query object: decoded name -> string value.
 * @param {Record<string, unknown>} input
 * @returns {Record<string, string>}
 */
function queryParams(input) {
  const query = input.query === undefined ? {} : object(input.query);
  for (const [name, value] of Object.entries(query)) {
    if (typeof value !== 'string') throw new InputError(`query.${name}`, `expected a string, got ${JSON.stringify(value)}`);
  }
  return /** @type {Record<string, string>} */ (query);
}

/**
 * Protocol face: sign a vector-shaped input (vectors/schema/aliyun-acs3.schema.json).
 * @param {unknown} request
 */
function sign(request) {
  const input = object(request);
  const headers = pairs(input, 'headers');
  aws.refuseSignerHeaders(headers, SIGNER_HEADERS);
  const seen = new Set();
  for (const [name] of headers) {
    const key = asciiLower(asciiStrip(name));
    if (seen.has(key)) throw new InputError('headers', `${JSON.stringify(name)} is given twice`);
    seen.add(key);
  }
  const method = str(input, 'method');
  const accessKeyId = str(input, 'access_key_id');
  const token = str(input, 'security_token', '');
  const canonUri = canonicalUri(str(input, 'path', '/'));
  const canonQuery = canonicalQueryString(queryParams(input));
  const payloadHash = sha256Hex(aws.requestBody(input));
  /** @type {Record<string, string>} headers the signer adds */
  const added = { [CONTENT_SHA256]: payloadHash };
  if (token) added[SECURITY_TOKEN] = token;
  const { canonicalHeaders: canonHeaders, signedHeaders } = canonicalHeaders(headers.concat(Object.entries(added)));
  const creq = aws.canonicalRequest(method, canonUri, canonQuery, canonHeaders, signedHeaders, payloadHash);
  const creqHash = sha256Hex(creq);
  const toSign = stringToSign(creqHash);
  const sig = signature(str(input, 'access_key_secret'), toSign);
  const header = authorization(accessKeyId, signedHeaders, sig);
  const values = [canonUri, canonQuery, payloadHash, canonHeaders, signedHeaders, creq, creqHash, toSign];
  return {
    intermediates: Object.fromEntries(STEPS.map((step, i) => [step, values[i]])),
    output: { signature: sig, authorization: header, headers: { ...added, Authorization: header } },
  };
}

module.exports = {
  SCHEME,
  STEPS,
  ALGORITHM,
  canonicalUri,
  canonicalQueryString,
  canonicalHeaders,
  stringToSign,
  signature,
  authorization,
  sign,
};
