// @alicloud/openapi-util's V3 signature (ACS3-HMAC-SHA256) as a sigvec implementation: the util
// every Alibaba Cloud Node SDK (@alicloud/openapi-client) signs V3 requests with. The request is
// handed over as the SDK client hands it: the path encoded by the util's own getEncodePath, the
// query as a map, the request's headers (the util signs host, content-type and x-acs-* among
// them), the body's hash from the util's hash/hexEncode in x-acs-content-sha256, the token in
// x-acs-security-token. The Authorization header is getAuthorization's; the util keeps its
// canonical query and header helpers private, so no other intermediate is reported.
"use strict";
const Util = require("@alicloud/openapi-util").default;
const p = require("./protocol");

const ALGORITHM = "ACS3-HMAC-SHA256";

function sign(input) {
  const payloadHash = Util.hexEncode(Util.hash(p.body(input) || Buffer.alloc(0), ALGORITHM));
  const added = { "x-acs-content-sha256": payloadHash };
  if (input.security_token !== undefined) added["x-acs-security-token"] = input.security_token;
  const headers = { ...Object.fromEntries(input.headers), ...added };
  const request = {
    method: input.method,
    pathname: Util.getEncodePath(input.path === undefined ? "/" : input.path),
    query: { ...(input.query || {}) },
    headers,
  };
  const authorization = Util.getAuthorization(
    request, ALGORITHM, payloadHash, input.access_key_id, input.access_key_secret);
  return {
    intermediates: { hashed_request_payload: payloadHash },
    output: {
      signature: authorization.split("Signature=").pop(),
      authorization,
      headers: { ...added, Authorization: authorization },
    },
  };
}

p.serve("@alicloud/openapi-util", p.version("@alicloud/openapi-util"), {
  "aliyun-acs3": [["hashed_request_payload"], sign],
});
