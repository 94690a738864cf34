'use strict';
/**
 * Verify AWS Signature Version 4: the Authorization header or a presigned URL. Service rules
 * come from the credential scope: for s3 the path is neither normalised nor encoded again and
 * x-amz-content-sha256 is what is signed (a hash, UNSIGNED-PAYLOAD or a streaming value); a
 * presigned s3 URL signs UNSIGNED-PAYLOAD.
 */

const { asciiLower, sha256Hex } = require('./encoding');
const aws = require('./aws-sigv4');
const {
  Rejection,
  checkWindow,
  isDigits,
  lookupSecret,
  parseAuthorization,
  parseUtc,
  queryPairs,
  sameSignature,
  single,
  valuesOf,
} = require('./verify');

const SCHEME = aws.SCHEME;
/** Any one of these in the query makes the request a presigned one. */
const PRESIGN_PARAMETERS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'];
/** The one streaming payload whose seed signature covers only the literal (no chunk signatures). */
const UNSIGNED_STREAMING_PAYLOAD = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * The signature parts of the Authorization header, or of the presigned X-Amz-* parameters.
 * @param {import('./verify').ReceivedRequest} request
 * @returns {{parts: {Credential: string, SignedHeaders: string, Signature: string}, date?: string, expires?: string, presigned: boolean}}
 */
function receivedAuth(request) {
  const authorizations = request.headerValues('authorization');
  const params = queryPairs(request.query);
  const presigned = PRESIGN_PARAMETERS.some((name) => valuesOf(params, name).length > 0);
  if (!authorizations.length && !presigned) throw new Rejection('missing-auth', 'no Authorization header and no X-Amz-Signature query');
  if (authorizations.length && presigned) throw new Rejection('malformed-auth', 'both an Authorization header and X-Amz-* query auth');
  if (authorizations.length) {
    return { parts: parseAuthorization(single(authorizations, 'the Authorization header'), aws.ALGORITHM), presigned: false };
  }
  /** @type {Record<string, string>} */
  const found = {};
  for (const name of PRESIGN_PARAMETERS) {
    const value = single(valuesOf(params, name), `query parameter ${name}`);
    if (value === undefined) throw new Rejection('malformed-auth', `presigned URL without ${name}`);
    found[name] = value;
  }
  if (found['X-Amz-Algorithm'] !== aws.ALGORITHM) {
    throw new Rejection('unsupported-algorithm', `X-Amz-Algorithm ${JSON.stringify(found['X-Amz-Algorithm'])}, expected ${aws.ALGORITHM}`);
  }
  if (!found['X-Amz-Signature']) throw new Rejection('malformed-auth', 'the signature is empty');
  return {
    parts: { Credential: found['X-Amz-Credential'], SignedHeaders: found['X-Amz-SignedHeaders'], Signature: found['X-Amz-Signature'] },
    date: found['X-Amz-Date'],
    expires: found['X-Amz-Expires'],
    presigned: true,
  };
}

/**
 * The raw query minus its X-Amz-Signature piece(s): what a presigned URL signed.
 * @param {string} query
 * @returns {string}
 */
function queryWithoutSignature(query) {
  return query
    .split('&')
    .filter((piece) => piece && queryPairs(piece)[0][0] !== 'X-Amz-Signature')
    .join('&');
}

/**
 * The payload hash the request signed: x-amz-content-sha256 as sent, else UNSIGNED-PAYLOAD for
 * a presigned s3 URL, else the SHA-256 of the body.
 * @param {import('./verify').ReceivedRequest} request
 * @param {boolean} presigned
 * @param {boolean} s3
 * @returns {string}
 */
function receivedPayloadHash(request, presigned, s3) {
  const sent = request.header('x-amz-content-sha256');
  if (sent !== undefined) return sent;
  return presigned && s3 ? UNSIGNED_PAYLOAD : aws.hashedPayload(request.body);
}

/**
 * Accept the request (return) or throw a Rejection; checks in this order: auth present and
 * readable, algorithm, credential scope shape and terminator, key known, X-Amz-Date (and
 * X-Amz-Expires), scope date/region/service, time window (or expiry), host and every x-amz-*
 * header signed, signature, x-amz-content-sha256 = SHA-256 of the body.
 * @param {import('./verify').ReceivedRequest} request
 * @param {Record<string, string>} credentials access key id -> secret
 * @param {ReturnType<typeof import('./verify').settings>} server
 */
function verify(request, credentials, server) {
  const { parts, date, expires: expiresText, presigned } = receivedAuth(request);
  const scope = parts.Credential.split('/');
  if (scope.length !== 5 || scope.slice(0, 4).some((part) => !part)) {
    throw new Rejection('malformed-auth', 'Credential is not KEY/YYYYMMDD/REGION/SERVICE/aws4_request');
  }
  const [keyId, scopeDate, region, service, terminator] = scope;
  if (terminator !== 'aws4_request') throw new Rejection('scope-mismatch', `credential scope ends in ${JSON.stringify(terminator)}`);
  const secret = lookupSecret(credentials, keyId, 'access key');

  let stamp = date;
  if (!presigned) {
    stamp = single(request.headerValues('x-amz-date'), 'the X-Amz-Date header');
    if (stamp === undefined) throw new Rejection('malformed-auth', 'no X-Amz-Date header');
  }
  const requestTime = parseUtc(stamp, AMZ_DATE);
  if (requestTime === null) throw new Rejection('malformed-auth', `X-Amz-Date ${JSON.stringify(stamp)} is not YYYYMMDDTHHMMSSZ`);
  let expires = 0;
  if (presigned) {
    expires = isDigits(expiresText) ? Number(expiresText) : 0;
    if (expires < 1 || expires > server.awsMaxExpiresSeconds) {
      throw new Rejection('malformed-auth', `X-Amz-Expires ${JSON.stringify(expiresText)}: expected 1 to ${server.awsMaxExpiresSeconds}`);
    }
  }

  if (scopeDate !== stamp.slice(0, 8)) throw new Rejection('scope-mismatch', `scope date ${scopeDate} is not X-Amz-Date's ${stamp.slice(0, 8)}`);
  if (server.region !== null && region !== server.region) throw new Rejection('scope-mismatch', `scope region ${JSON.stringify(region)}, the server is ${JSON.stringify(server.region)}`);
  if (server.service !== null && service !== server.service) throw new Rejection('scope-mismatch', `scope service ${JSON.stringify(service)}, the server is ${JSON.stringify(server.service)}`);

  if (!presigned || requestTime - server.now > server.awsSkewSeconds) checkWindow(requestTime, server.now, server.awsSkewSeconds, 'X-Amz-Date');
  if (presigned && server.now > requestTime + expires) {
    throw new Rejection('expired', `presigned URL expired ${server.now - requestTime - expires} s ago (X-Amz-Expires ${expires})`);
  }

  const signedNames = [...new Set(parts.SignedHeaders.split(';').filter(Boolean).map(asciiLower))];
  if (!signedNames.includes('host')) throw new Rejection('unsigned-header', 'host is not among the signed headers');
  for (const name of request.headerNames()) {
    if (name.startsWith('x-amz-') && !signedNames.includes(name)) throw new Rejection('unsigned-header', `${name} is sent but not signed`);
  }

  const s3 = service === 's3';
  const payloadHash = receivedPayloadHash(request, presigned, s3);
  if (payloadHash.startsWith('STREAMING-') && payloadHash !== UNSIGNED_STREAMING_PAYLOAD) {
    throw new Rejection('unsupported-algorithm', `streaming payload ${JSON.stringify(payloadHash)}: chunk signatures are not verified`);
  }

  /** @type {Array<[string, string]>} */
  const signedHeaderLines = signedNames.flatMap((name) => request.headerValues(name).map((value) => [name, value]));
  const { canonicalHeaders, signedHeaders } = aws.canonicalHeaders(signedHeaderLines);
  const query = presigned ? queryWithoutSignature(request.query) : request.query;
  const canonicalRequest = aws.canonicalRequest(
    request.method,
    aws.canonicalUri(request.path, !s3, !s3),
    aws.canonicalQueryString(query),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  );
  const toSign = aws.stringToSign(stamp, aws.credentialScope(scopeDate, region, service), sha256Hex(canonicalRequest));
  const expected = aws.signature(aws.signingKey(secret, scopeDate, region, service), toSign);
  if (!sameSignature(expected, parts.Signature)) throw new Rejection('signature-mismatch', "the signature differs from the server's");

  const contentHash = request.header('x-amz-content-sha256');
  const literal = payloadHash === UNSIGNED_PAYLOAD || payloadHash === UNSIGNED_STREAMING_PAYLOAD;
  if (contentHash !== undefined && !literal && contentHash !== aws.hashedPayload(request.body)) {
    throw new Rejection('payload-hash-mismatch', 'x-amz-content-sha256 is not the SHA-256 of the body');
  }
}

module.exports = { SCHEME, PRESIGN_PARAMETERS, receivedAuth, queryWithoutSignature, receivedPayloadHash, verify };
