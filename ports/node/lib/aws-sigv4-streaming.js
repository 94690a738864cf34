'use strict';
/**
 * AWS SigV4 streaming (aws-chunked) upload to S3: a seed signature over the headers (SigV4 with
 * the literal STREAMING-AWS4-HMAC-SHA256-PAYLOAD as payload hash), then one signature per chunk
 * chained to the one before, the final empty chunk included; optionally a signed trailer.
 */

const { Buffer } = require('node:buffer');
const aws = require('./aws-sigv4');
const { InputError, asciiLower, asciiStrip, sha256Hex, utf8 } = require('./encoding');
const { bool, int, object, pairs, str } = require('./input');

const SCHEME = 'aws-sigv4-streaming';
/** The last two steps exist only when a trailer is sent. */
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
  'k_signing_hex',
  'chunk_strings_to_sign',
  'chunk_signatures',
  'trailer_string_to_sign',
  'trailer_signature',
];
const STREAMING_PAYLOAD = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
const STREAMING_PAYLOAD_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
const CHUNK_ALGORITHM = 'AWS4-HMAC-SHA256-PAYLOAD';
const TRAILER_ALGORITHM = 'AWS4-HMAC-SHA256-TRAILER';
const DEFAULT_CHUNK_SIZE = 65536;
const EMPTY_SHA256 = sha256Hex('');
/** Every signature in the encoded body is 64 hex digits, so its length is known before signing. */
const SIGNATURE_PLACEHOLDER = '0'.repeat(64);
// Headers the streaming signer sets itself; a caller who also sent them would sign a stale copy.
const SIGNER_HEADERS = [
  'authorization',
  'content-encoding',
  'content-length',
  'x-amz-content-sha256',
  'x-amz-date',
  'x-amz-decoded-content-length',
  'x-amz-trailer',
  'x-amz-security-token',
];

/**
 * The payload in chunkSize pieces (the last may be shorter), then the final empty chunk.
 * @param {Buffer} payload
 * @param {number} chunkSize
 * @returns {Buffer[]}
 */
function chunks(payload, chunkSize) {
  const pieces = [];
  for (let start = 0; start < payload.length; start += chunkSize) {
    pieces.push(payload.subarray(start, start + chunkSize));
  }
  pieces.push(Buffer.alloc(0));
  return pieces;
}

/**
 * Chain one chunk to the signature before it (the seed's for chunk 0).
 * @param {string} timestamp
 * @param {string} scope
 * @param {string} previousSignature
 * @param {Buffer} chunk
 * @returns {string}
 */
function chunkStringToSign(timestamp, scope, previousSignature, chunk) {
  return [CHUNK_ALGORITHM, timestamp, scope, previousSignature, EMPTY_SHA256, sha256Hex(chunk)].join('\n');
}

/**
 * A chunk's header line without CRLF: lower-case hex length, no leading zeros ("0" for the final).
 * @param {number} size
 * @param {string} signature
 * @returns {string}
 */
function chunkHeader(size, signature) {
  return `${size.toString(16)};chunk-signature=${signature}`;
}

/**
 * Each trailing header as `lower(name):trimmed value\n`, in the given order.
 * @param {Array<[string, string]>} trailer
 * @returns {string}
 */
function canonicalTrailer(trailer) {
  return trailer.map(([name, value]) => `${asciiLower(name)}:${asciiStrip(value)}\n`).join('');
}

/**
 * Chain the canonical trailer to the final chunk's signature.
 * @param {string} timestamp
 * @param {string} scope
 * @param {string} finalChunkSignature
 * @param {string} canonical
 * @returns {string}
 */
function trailerStringToSign(timestamp, scope, finalChunkSignature, canonical) {
  return [TRAILER_ALGORITHM, timestamp, scope, finalChunkSignature, sha256Hex(canonical)].join('\n');
}

/**
 * The trailer as sent after the final chunk's header line, signature included, without the
 * closing empty line.
 * @param {Array<[string, string]>} trailer
 * @param {string} signature
 * @returns {string}
 */
function trailerLines(trailer, signature) {
  return trailer.map(([name, value]) => `${name}:${value}\r\n`).join('') + `x-amz-trailer-signature:${signature}\r\n`;
}

/**
 * Content-Length of the aws-chunked body.
 * @param {number} payloadLength
 * @param {number} chunkSize
 * @param {Array<[string, string]> | undefined} trailer
 * @returns {number}
 */
function encodedLength(payloadLength, chunkSize, trailer) {
  let total = 0;
  for (let start = 0; start < payloadLength; start += chunkSize) {
    const size = Math.min(chunkSize, payloadLength - start);
    total += chunkHeader(size, SIGNATURE_PLACEHOLDER).length + 2 + size + 2;
  }
  total += chunkHeader(0, SIGNATURE_PLACEHOLDER).length + 2 + 2;
  if (trailer) total += Buffer.byteLength(trailerLines(trailer, SIGNATURE_PLACEHOLDER), 'utf8');
  return total;
}

/**
 * Protocol face: sign a vector-shaped input (vectors/schema/aws-sigv4-streaming.schema.json).
 * @param {unknown} request
 */
function sign(request) {
  const input = object(request);
  const stamp = str(input, 'timestamp');
  aws.checkTimestamp(stamp);
  const headers = pairs(input, 'headers');
  aws.refuseSignerHeaders(headers, SIGNER_HEADERS);
  const method = str(input, 'method');
  if (method !== 'PUT' && method !== 'POST') {
    throw new InputError('method', `${JSON.stringify(method)} is neither PUT nor POST (chunked uploads)`);
  }
  const accessKeyId = str(input, 'access_key_id');
  const region = str(input, 'region');
  const service = str(input, 'service', 's3');
  const token = str(input, 'session_token', '');
  const payload = aws.requestBody(input);
  const chunkSize = int(input, 'chunk_size', DEFAULT_CHUNK_SIZE);
  if (chunkSize < 1) throw new InputError('chunk_size', `${chunkSize} is not a positive number of bytes`);
  const trailer = input.trailer === undefined ? undefined : pairs(input, 'trailer');
  if (trailer && trailer.length === 0) {
    throw new InputError('trailer', 'expected at least one [name, value] pair (leave it out for none)');
  }
  const contentLength = String(encodedLength(payload.length, chunkSize, trailer));

  /** @type {Record<string, string>} headers the signer adds, as sent */
  const added = {
    'Content-Encoding': 'aws-chunked',
    'Content-Length': contentLength,
    'X-Amz-Content-Sha256': trailer ? STREAMING_PAYLOAD_TRAILER : STREAMING_PAYLOAD,
    'X-Amz-Date': stamp,
    'X-Amz-Decoded-Content-Length': String(payload.length),
  };
  if (trailer) added['X-Amz-Trailer'] = trailer.map(([name]) => asciiLower(name)).join(',');
  if (token) added['X-Amz-Security-Token'] = token;
  const signContentLength = bool(input, 'sign_content_length', true);
  const { canonicalHeaders, signedHeaders } = aws.canonicalHeaders(
    headers.concat(Object.entries(added).filter(([name]) => name !== 'Content-Length' || signContentLength)),
  );

  // S3: the path is neither normalised nor encoded a second time.
  const canonUri = aws.canonicalUri(str(input, 'path'), false, false);
  const canonQuery = aws.canonicalQueryString(str(input, 'query', ''));
  const payloadHash = added['X-Amz-Content-Sha256'];
  const creq = aws.canonicalRequest(method, canonUri, canonQuery, canonicalHeaders, signedHeaders, payloadHash);
  const scope = aws.credentialScope(stamp.slice(0, 8), region, service);
  const creqHash = sha256Hex(creq);
  const toSign = aws.stringToSign(stamp, scope, creqHash);
  const key = aws.signingKey(str(input, 'secret_access_key'), stamp.slice(0, 8), region, service);
  const seed = aws.signature(key, toSign);
  const header = aws.authorization(accessKeyId, scope, signedHeaders, seed);

  const chunkStrings = [];
  const chunkSignatures = [];
  const chunkHeaders = [];
  /** @type {Buffer[]} */
  const body = [];
  let previous = seed;
  for (const chunk of chunks(payload, chunkSize)) {
    const chunkToSign = chunkStringToSign(stamp, scope, previous, chunk);
    previous = aws.signature(key, chunkToSign);
    const line = chunkHeader(chunk.length, previous);
    chunkStrings.push(chunkToSign);
    chunkSignatures.push(previous);
    chunkHeaders.push(line);
    body.push(Buffer.from(`${line}\r\n`, 'latin1'));
    if (chunk.length > 0) body.push(chunk, Buffer.from('\r\n', 'latin1'));
  }
  /** @type {Array<string | string[]>} the steps' values, in order */
  const values = [canonUri, canonQuery, canonicalHeaders, signedHeaders, payloadHash, creq, scope, creqHash,
    toSign, key.toString('hex'), chunkStrings, chunkSignatures];
  if (trailer) {
    const trailerToSign = trailerStringToSign(stamp, scope, previous, canonicalTrailer(trailer));
    const trailerSignature = aws.signature(key, trailerToSign);
    values.push(trailerToSign, trailerSignature);
    body.push(utf8(trailerLines(trailer, trailerSignature)));
  }
  body.push(Buffer.from('\r\n', 'latin1'));
  return {
    intermediates: Object.fromEntries(values.map((value, i) => [STEPS[i], value])),
    output: {
      signature: seed,
      authorization: header,
      headers: { ...added, Authorization: header },
      chunk_headers: chunkHeaders,
      encoded_body_sha256: sha256Hex(Buffer.concat(body)),
    },
  };
}

module.exports = {
  SCHEME,
  STEPS,
  STREAMING_PAYLOAD,
  STREAMING_PAYLOAD_TRAILER,
  chunks,
  chunkStringToSign,
  chunkHeader,
  canonicalTrailer,
  trailerStringToSign,
  encodedLength,
  sign,
};
