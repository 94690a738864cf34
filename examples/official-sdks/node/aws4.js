// aws4 as a sigvec implementation: aws4.RequestSigner over { host, path (with the query), method,
// headers, body, service, region, signQuery }, with the vector's time given as aws4 documents it
// (an X-Amz-Date header, or the X-Amz-Date query parameter when presigning).
"use strict";
const crypto = require("node:crypto");
const aws4 = require("aws4");
const p = require("./protocol");

function sign(input) {
  const s3 = input.service === "s3";
  const normalize = input.normalize_path !== false;
  const doubleEncode = input.double_encode_path !== false;
  if (s3 && (normalize || doubleEncode)) {
    throw new p.Skip("aws4 signs service s3 with S3 rules: no normalisation, no second encoding");
  }
  if (!s3 && !normalize) throw new p.Skip("aws4 normalises the path for every service but s3");
  if (!s3 && /[^0-9A-Za-z;,/?:@&=+$\-_.!~*'()#%]/.test(input.path)) {
    // node:http refuses such a path; aws4 sends it URL-encoded and signs what it sends.
    throw new p.Skip("aws4 takes the path as a URL: a raw space or non-ASCII character is encoded before signing");
  }
  if (input.omit_session_token && input.session_token) throw new p.Skip("aws4 always signs the session token");
  const query = input.signature_location === "query";
  const unsigned = input.unsigned_payload === true;
  const signBody = input.sign_body === true;
  const headers = p.headerMap(input.headers, "node:http");
  const body = p.body(input);
  const has = (name) => Object.keys(headers).some((key) => key.toLowerCase() === name);
  let path = input.path;
  let rawQuery = input.query || "";
  if (query) {
    if (s3 !== unsigned) throw new p.Skip("aws4 presigns with UNSIGNED-PAYLOAD for s3 and never otherwise");
    // aws4 adds no expiry of its own (86400 for s3): a user passes X-Amz-Expires and the time.
    const extra = `X-Amz-Expires=${input.expires_in ?? 3600}&X-Amz-Date=${input.timestamp}`;
    rawQuery = rawQuery ? `${rawQuery}&${extra}` : extra;
  } else {
    if (body && body.length && (!has("content-type") || !has("content-length"))) {
      throw new p.Skip("aws4 adds Content-Type and Content-Length to a request with a body");
    }
    if (s3 && !signBody) throw new p.Skip("aws4 always sends x-amz-content-sha256 for s3");
    if (unsigned && !signBody) throw new p.Skip("aws4 takes UNSIGNED-PAYLOAD only from an x-amz-content-sha256 header, which it signs");
    if (unsigned) headers["X-Amz-Content-Sha256"] = "UNSIGNED-PAYLOAD";
    else if (signBody && !s3) headers["X-Amz-Content-Sha256"] = crypto.createHash("sha256").update(body || "").digest("hex");
    headers["X-Amz-Date"] = input.timestamp;
  }
  if (s3 && new Set(p.decodedQuery(rawQuery).map(([name]) => name)).size !== p.decodedQuery(rawQuery).length) {
    throw new p.Skip("aws4 signs only the first value of a repeated query parameter for s3");
  }
  const request = {
    host: Object.entries(headers).find(([name]) => name.toLowerCase() === "host")[1],
    path: rawQuery ? `${path}?${rawQuery}` : path,
    method: input.method,
    headers,
    body,
    service: input.service,
    region: input.region,
    signQuery: query,
    doNotEncodePath: !doubleEncode && !s3,
  };
  const signer = new aws4.RequestSigner(request, {
    accessKeyId: input.access_key_id,
    secretAccessKey: input.secret_access_key,
    sessionToken: input.session_token,
  });
  const recorded = {};
  const canonicalString = signer.canonicalString.bind(signer);
  const stringToSign = signer.stringToSign.bind(signer);
  signer.canonicalString = () => (recorded.canonicalRequest = canonicalString());
  signer.stringToSign = () => (recorded.stringToSign = stringToSign());
  const signed = signer.sign();
  const output = {};
  const given = new Set(input.headers.map(([name]) => name.toLowerCase()));
  output.headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => !given.has(name.toLowerCase())));
  if (query) {
    output.signed_query = signed.path.slice(signed.path.indexOf("?") + 1);
    output.signature = new URLSearchParams(output.signed_query).get("X-Amz-Signature");
    output.headers = {};
  } else {
    output.authorization = signed.headers.Authorization;
    output.signature = output.authorization.split("Signature=")[1];
  }
  return { intermediates: p.awsIntermediates(recorded.canonicalRequest, recorded.stringToSign), output };
}

p.serve("aws4", p.version("aws4"), { "aws-sigv4": [p.AWS_STEPS, sign] });
