// @smithy/signature-v4 (the signer of the AWS SDK for JavaScript v3) as a sigvec implementation:
// an HttpRequest-shaped object with the query parsed by smithy's own parseQueryString (what its
// URL parser gives), signed with sign() or presign() at the vector's time.
"use strict";
const { SignatureV4 } = require("@smithy/signature-v4");
const { Hash } = require("@smithy/hash-node");
const { parseQueryString } = require("@smithy/querystring-parser");
const { buildQueryString } = require("@smithy/querystring-builder");
const p = require("./protocol");

const UNSIGNED = "x-amz-content-sha256";

async function sign(input) {
  const normalize = input.normalize_path !== false;
  const doubleEncode = input.double_encode_path !== false;
  if (normalize !== doubleEncode) {
    throw new p.Skip("smithy's uriEscapePath both normalises the path and encodes it twice, or does neither");
  }
  if (input.omit_session_token && input.session_token) {
    throw new p.Skip("smithy always signs the session token");
  }
  const query = input.signature_location === "query";
  const unsigned = input.unsigned_payload === true;
  const signBody = input.sign_body === true;
  if (unsigned && !query && !signBody) {
    throw new p.Skip("smithy takes UNSIGNED-PAYLOAD only from an x-amz-content-sha256 header, which it signs");
  }
  const headers = p.headerMap(input.headers, "node:http");
  const host = Object.entries(headers).find(([name]) => name.toLowerCase() === "host")[1];
  if (unsigned) headers[UNSIGNED] = "UNSIGNED-PAYLOAD";
  const request = {
    method: input.method,
    protocol: "https:",
    hostname: host,
    path: doubleEncode ? input.path : p.urlPath(input.path),
    query: parseQueryString(input.query || ""),
    headers,
    body: p.body(input),
  };
  const recorded = {};
  class Recording extends SignatureV4 {
    createCanonicalRequest(...args) {
      recorded.canonicalRequest = super.createCanonicalRequest(...args);
      return recorded.canonicalRequest;
    }
    async createStringToSign(...args) {
      recorded.stringToSign = await super.createStringToSign(...args);
      return recorded.stringToSign;
    }
  }
  const signer = new Recording({
    credentials: {
      accessKeyId: input.access_key_id,
      secretAccessKey: input.secret_access_key,
      sessionToken: input.session_token,
    },
    region: input.region,
    service: input.service,
    sha256: Hash.bind(null, "sha256"),
    uriEscapePath: doubleEncode,
    applyChecksum: signBody,
  });
  const signingDate = p.amzDate(input.timestamp);
  const output = {};
  if (query) {
    const options = { signingDate, expiresIn: input.expires_in ?? 3600 };
    if (unsigned) {
      // As the S3 request presigner does: the header gives the payload hash, never sent or signed.
      options.unsignableHeaders = new Set([UNSIGNED]);
      options.unhoistableHeaders = new Set([UNSIGNED]);
    }
    const signed = await signer.presign(request, options);
    output.signed_query = buildQueryString(signed.query);
    output.signature = signed.query["X-Amz-Signature"];
    output.headers = {};
  } else {
    const signed = await signer.sign(request, { signingDate });
    output.authorization = signed.headers.authorization;
    output.signature = output.authorization.split("Signature=")[1];
    const given = new Set(input.headers.map(([name]) => name.toLowerCase()));
    output.headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => !given.has(name.toLowerCase())));
  }
  return { intermediates: p.awsIntermediates(recorded.canonicalRequest, recorded.stringToSign), output };
}

p.serve("@smithy/signature-v4", p.version("@smithy/signature-v4"), { "aws-sigv4": [p.AWS_STEPS, sign] });
