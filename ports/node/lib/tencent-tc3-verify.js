'use strict';
/**
 * Verify Tencent Cloud TC3-HMAC-SHA256 (API 3.0): the Authorization header. The canonical URI
 * is always '/'; the canonical query is the raw query as sent; signed header values are
 * lower-cased and trimmed.
 */

const { asciiLower, compareUtf8, hmacSha256, sha256Hex } = require('./encoding');
const tc3 = require('./tencent-tc3');
const { Rejection, checkWindow, isDigits, lookupSecret, parseAuthorization, sameSignature, single } = require('./verify');

const SCHEME = tc3.SCHEME;
/** X-TC-Timestamp: UNIX seconds, at most this many digits. */
const MAX_TIMESTAMP_DIGITS = 15;

/**
 * The signed names of the Authorization header: lower-case, distinct, sorted.
 * @param {string} signedHeaders
 * @returns {string[]}
 */
function receivedSignedHeaders(signedHeaders) {
  return [...new Set(signedHeaders.split(';').filter(Boolean).map(asciiLower))].sort(compareUtf8);
}

/**
 * Each signed name's sent values, joined with ','.
 * @param {import('./verify').ReceivedRequest} request
 * @param {string[]} names
 * @returns {Record<string, string>}
 */
function receivedHeaderValues(request, names) {
  return Object.fromEntries(names.map((name) => [name, request.headerValues(name).join(',')]));
}

/**
 * Accept the request (return) or throw a Rejection; checks in this order: Authorization present
 * and readable, algorithm, scope shape and terminator, SecretId known, X-TC-Timestamp, scope
 * date = its UTC date and service = the server's, time window, content-type and host signed,
 * signature.
 * @param {import('./verify').ReceivedRequest} request
 * @param {Record<string, string>} credentials SecretId -> SecretKey
 * @param {ReturnType<typeof import('./verify').settings>} server
 */
function verify(request, credentials, server) {
  const value = single(request.headerValues('authorization'), 'the Authorization header');
  if (value === undefined) throw new Rejection('missing-auth', 'no Authorization header');
  const parts = parseAuthorization(value, tc3.ALGORITHM);
  const scope = parts.Credential.split('/');
  if (scope.length !== 4 || scope.slice(0, 3).some((part) => !part)) {
    throw new Rejection('malformed-auth', 'Credential is not SECRETID/YYYY-MM-DD/SERVICE/tc3_request');
  }
  const [secretId, date, service, terminator] = scope;
  if (terminator !== 'tc3_request') throw new Rejection('scope-mismatch', `credential scope ends in ${JSON.stringify(terminator)}`);
  const secret = lookupSecret(credentials, secretId, 'SecretId');
  const stamp = single(request.headerValues('x-tc-timestamp'), 'the X-TC-Timestamp header');
  if (!isDigits(stamp, MAX_TIMESTAMP_DIGITS)) throw new Rejection('malformed-auth', `X-TC-Timestamp ${JSON.stringify(stamp)}: expected UNIX seconds`);
  const timestamp = Number(stamp);
  if (date !== tc3.utcDate(timestamp)) {
    throw new Rejection('scope-mismatch', `scope date ${date} is not the UTC date of X-TC-Timestamp (${tc3.utcDate(timestamp)})`);
  }
  if (server.service !== null && service !== server.service) {
    throw new Rejection('scope-mismatch', `scope service ${JSON.stringify(service)}, the server is ${JSON.stringify(server.service)}`);
  }
  checkWindow(timestamp, server.now, server.tc3SkewSeconds, 'X-TC-Timestamp');
  const names = receivedSignedHeaders(parts.SignedHeaders);
  for (const name of tc3.DEFAULT_SIGNED_HEADERS) {
    if (!names.includes(name)) throw new Rejection('unsigned-header', `${name} is not among the signed headers`);
  }
  const canonicalRequest = tc3.canonicalRequest(
    request.method,
    request.query,
    tc3.canonicalHeaders(names, receivedHeaderValues(request, names)),
    names.join(';'),
    sha256Hex(request.body),
  );
  // The timestamp as sent (not re-formatted) is what the client signed.
  const toSign = tc3.stringToSign(stamp, tc3.credentialScope(date, service), sha256Hex(canonicalRequest));
  const expected = hmacSha256(tc3.signingKeys(secret, date, service)[2], toSign).toString('hex');
  if (!sameSignature(expected, parts.Signature)) throw new Rejection('signature-mismatch', "the signature differs from the server's");
}

module.exports = { SCHEME, receivedSignedHeaders, receivedHeaderValues, verify };
