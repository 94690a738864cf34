using System.Collections.Generic;
using System.Json;
using System.Linq;

namespace Sigvec.Port
{
    /// <summary>Alibaba Cloud V3 signature, ACS3-HMAC-SHA256: a canonical request (method, encoded
    /// path, sorted encoded query, the host/content-type/x-acs-* headers, their names, SHA-256 of
    /// the body), hashed into the string to sign, hex HMAC-SHA256 keyed with the AccessKey secret.</summary>
    public static class AliyunAcs3
    {
        public const string Scheme = "aliyun-acs3";
        public const string Algorithm = "ACS3-HMAC-SHA256";
        public const string ContentSha256 = "x-acs-content-sha256";
        public const string SecurityToken = "x-acs-security-token";

        public static readonly string[] Steps =
        {
            "canonical_uri", "canonical_query_string", "hashed_request_payload", "canonical_headers",
            "signed_headers", "canonical_request", "hashed_canonical_request", "string_to_sign",
        };

        /// <summary>The resource path RFC 3986-encoded byte by byte, '/' kept; "/" when empty.</summary>
        public static string CanonicalUri(string path) => SigEncoding.PercentEncode(path.Length == 0 ? "/" : path, "/");

        /// <summary><c>enc(name)=enc(value)</c> joined by '&amp;', sorted by the UNENCODED name in
        /// code point order (the documentation sorts first, then encodes).</summary>
        public static string CanonicalQueryString(IEnumerable<KeyValuePair<string, string>> query) =>
            string.Join("&", query.OrderBy(p => p.Key, SigEncoding.CodePointOrder)
                .Select(p => SigEncoding.PercentEncode(p.Key) + "=" + SigEncoding.PercentEncode(p.Value)));

        public static string HashedRequestPayload(byte[] body) => SigEncoding.Sha256Hex(body);

        /// <summary>Signed: host, content-type, and every header whose lower-case name starts with x-acs-.</summary>
        public static bool IsSigned(string lowerName) =>
            lowerName == "host" || lowerName == "content-type" || lowerName.StartsWith("x-acs-", System.StringComparison.Ordinal);

        /// <summary>The signed headers as (lower-case name, value trimmed of ASCII whitespace), sorted by name.</summary>
        public static List<KeyValuePair<string, string>> SignedPairs(IEnumerable<KeyValuePair<string, string>> headers) =>
            headers.Select(h => new KeyValuePair<string, string>(SigEncoding.AsciiLower(h.Key), SigEncoding.AsciiStrip(h.Value)))
                .Where(h => IsSigned(h.Key))
                .OrderBy(h => h.Key, SigEncoding.CodePointOrder)
                .ToList();

        /// <summary><c>name:value\n</c> per signed header.</summary>
        public static string CanonicalHeaders(IEnumerable<KeyValuePair<string, string>> signedPairs) =>
            string.Concat(signedPairs.Select(h => h.Key + ":" + h.Value + "\n"));

        public static string SignedHeaders(IEnumerable<KeyValuePair<string, string>> signedPairs) =>
            string.Join(";", signedPairs.Select(h => h.Key));

        /// <summary>The six parts joined by '\n'; the headers block ends in '\n' itself.</summary>
        public static string CanonicalRequest(string method, string uri, string query, string canonicalHeaders,
            string signedHeaders, string payloadHash) =>
            string.Join("\n", method, uri, query, canonicalHeaders, signedHeaders, payloadHash);

        public static string HashedCanonicalRequest(string canonicalRequest) =>
            SigEncoding.Sha256Hex(SigEncoding.Utf8(canonicalRequest));

        public static string StringToSign(string hashedCanonicalRequest) => Algorithm + "\n" + hashedCanonicalRequest;

        /// <summary>Hex HMAC-SHA256 keyed with the secret itself (no prefix, no derivation).</summary>
        public static string Signature(string accessKeySecret, string stringToSign) =>
            SigEncoding.Hex(SigEncoding.HmacSha256(SigEncoding.Utf8(accessKeySecret), stringToSign));

        /// <summary>The parts separated by bare commas, no spaces.</summary>
        public static string Authorization(string accessKeyId, string signedHeaders, string signature) =>
            Algorithm + " Credential=" + accessKeyId + ",SignedHeaders=" + signedHeaders + ",Signature=" + signature;

        /// <summary>Refuses a header the signer sets, and a name sent twice (case-insensitively).</summary>
        public static void CheckHeaders(IEnumerable<KeyValuePair<string, string>> headers)
        {
            var seen = new HashSet<string>();
            foreach (var header in headers)
            {
                string lower = SigEncoding.AsciiLower(header.Key);
                if (lower == ContentSha256 || lower == SecurityToken || lower == "authorization")
                {
                    throw new InputException("headers", "'" + header.Key + "' is set by the signer; leave it out");
                }
                if (!seen.Add(lower))
                {
                    throw new InputException("headers", "'" + header.Key + "' is sent twice; send each header once");
                }
            }
        }

        /// <summary>Signs a request; the headers to add are x-acs-content-sha256, x-acs-security-token
        /// (with a token) and Authorization.</summary>
        public static Signed Sign(string method, string path, IEnumerable<KeyValuePair<string, string>> query,
            List<KeyValuePair<string, string>> headers, byte[] body, string accessKeyId, string accessKeySecret,
            string securityToken)
        {
            CheckHeaders(headers);
            string uri = CanonicalUri(path);
            string canonicalQuery = CanonicalQueryString(query);
            string payloadHash = HashedRequestPayload(body);
            var added = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>(ContentSha256, payloadHash) };
            if (securityToken != null) added.Add(new KeyValuePair<string, string>(SecurityToken, securityToken));
            var signedPairs = SignedPairs(headers.Concat(added));
            string canonicalHeaders = CanonicalHeaders(signedPairs);
            string signedHeaders = SignedHeaders(signedPairs);
            string creq = CanonicalRequest(method, uri, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash);
            string creqHash = HashedCanonicalRequest(creq);
            string toSign = StringToSign(creqHash);
            string signature = Signature(accessKeySecret, toSign);
            string authorization = Authorization(accessKeyId, signedHeaders, signature);
            added.Add(new KeyValuePair<string, string>("Authorization", authorization));
            var result = new Signed(Scheme)
                .Step("canonical_uri", uri)
                .Step("canonical_query_string", canonicalQuery)
                .Step("hashed_request_payload", payloadHash)
                .Step("canonical_headers", canonicalHeaders)
                .Step("signed_headers", signedHeaders)
                .Step("canonical_request", creq)
                .Step("hashed_canonical_request", creqHash)
                .Step("string_to_sign", toSign)
                .Out("signature", signature)
                .Out("authorization", authorization);
            result.Headers = added;
            return result;
        }

        /// <summary>Signs one vector input (fields as in vectors/schema/aliyun-acs3.schema.json).</summary>
        public static Signed Run(JsonObject input) =>
            Sign(Input.Str(input, "method"), Input.OptStr(input, "path", "/"),
                input.ContainsKey("query") ? Input.StringMap(input, "query") : new Dictionary<string, string>(),
                Input.Pairs(input, "headers"), Input.Body(input), Input.Str(input, "access_key_id"),
                Input.Str(input, "access_key_secret"), Input.OptStr(input, "security_token", null));
    }
}
