using System;
using System.Collections.Generic;
using System.Globalization;
using System.Json;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Sigvec.Port
{
    /// <summary>A request to sign with AWS SigV4; optional fields carry the documented defaults.</summary>
    public sealed class AwsRequest
    {
        public string Method;
        /// <summary>The path exactly as on the wire.</summary>
        public string Path;
        /// <summary>The raw query string as sent, without '?'.</summary>
        public string Query = "";
        /// <summary>[name, value] pairs in sent order, Host included.</summary>
        public List<KeyValuePair<string, string>> Headers = new List<KeyValuePair<string, string>>();
        public byte[] Body = new byte[0];
        public string AccessKeyId;
        public string SecretAccessKey;
        public string SessionToken;
        public bool OmitSessionToken = false;
        public string Region;
        public string Service;
        /// <summary>YYYYMMDDTHHMMSSZ, UTC.</summary>
        public string Timestamp;
        public bool NormalizePath = true;
        public bool DoubleEncodePath = true;
        public bool SignBody = false;
        /// <summary>Sign "UNSIGNED-PAYLOAD" instead of the body's hash (S3 presigned URLs).</summary>
        public bool UnsignedPayload = false;
        /// <summary>"header" (Authorization header) or "query" (presigned URL).</summary>
        public string SignatureLocation = "header";
        public long ExpiresIn = 3600;
    }

    /// <summary>A request signed up to its string to sign: the first nine steps of AwsSigV4.Steps.</summary>
    public sealed class AwsStringToSign
    {
        public string CanonicalUri, CanonicalQuery, CanonicalHeaders, SignedHeaders, PayloadHash;
        public string Scope, CanonicalRequest, HashedCanonicalRequest, StringToSign;

        /// <summary>Adds the nine intermediates, in step order.</summary>
        public Signed AddSteps(Signed result) => result
            .Step("canonical_uri", CanonicalUri)
            .Step("canonical_query_string", CanonicalQuery)
            .Step("canonical_headers", CanonicalHeaders)
            .Step("signed_headers", SignedHeaders)
            .Step("hashed_payload", PayloadHash)
            .Step("canonical_request", CanonicalRequest)
            .Step("credential_scope", Scope)
            .Step("hashed_canonical_request", HashedCanonicalRequest)
            .Step("string_to_sign", StringToSign);
    }

    /// <summary>AWS Signature Version 4: canonical request, string to sign, derived key, HMAC-SHA256.</summary>
    public static class AwsSigV4
    {
        public const string Scheme = "aws-sigv4";
        public const string Algorithm = "AWS4-HMAC-SHA256";
        /// <summary>The payload hash of a request whose body is not signed (S3 presigned URLs).</summary>
        public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

        public static readonly string[] Steps =
        {
            "canonical_uri", "canonical_query_string", "canonical_headers", "signed_headers",
            "hashed_payload", "canonical_request", "credential_scope", "hashed_canonical_request",
            "string_to_sign", "k_date_hex", "k_region_hex", "k_service_hex", "k_signing_hex",
        };

        /// <summary>Headers the signer sets itself; a caller who also sent them would sign a stale copy.</summary>
        public static readonly string[] SignerHeaders =
            { "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "authorization" };

        private static readonly Regex WhitespaceRun = new Regex("[ \t\r\n]+", RegexOptions.CultureInvariant);

        /// <summary>RFC 3986 dot-segment removal that also drops empty segments (<c>//</c>), as AWS does.</summary>
        public static string NormalizePath(string path)
        {
            if (path.Length == 0) return "/";
            var segments = new List<string>();
            foreach (string segment in path.Split('/'))
            {
                if (segment == "" || segment == ".") continue;
                if (segment == "..")
                {
                    if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                }
                else
                {
                    segments.Add(segment);
                }
            }
            string leading = path.StartsWith("/", StringComparison.Ordinal) ? "/" : "";
            string trailing = path.EndsWith("/", StringComparison.Ordinal) && segments.Count > 0 ? "/" : "";
            return leading + string.Join("/", segments) + trailing;
        }

        /// <summary>Encodes the path as sent. Non-S3 services encode it again (<c>%20</c> becomes
        /// <c>%2520</c>); S3 (<paramref name="doubleEncode"/> false) keeps existing escapes and only
        /// encodes raw bytes.</summary>
        public static string CanonicalUri(string path, bool normalize = true, bool doubleEncode = true)
        {
            if (normalize) path = NormalizePath(path);
            if (path.Length == 0) path = "/";
            return SigEncoding.PercentEncode(path, doubleEncode ? "/" : "/%");
        }

        /// <summary>Decodes each <c>key=value</c> of the raw query, re-encodes it strictly (a
        /// <c>+</c> is a literal plus, <c>%2B</c>), adds the <paramref name="extra"/> pairs
        /// (presigned X-Amz-* parameters, unencoded) and sorts by key, then value.</summary>
        public static string CanonicalQueryString(string query, IEnumerable<KeyValuePair<string, string>> extra = null)
        {
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (string part in (query ?? "").Split('&'))
            {
                if (part.Length == 0) continue;
                int eq = part.IndexOf('=');
                string key = eq < 0 ? part : part.Substring(0, eq);
                string value = eq < 0 ? "" : part.Substring(eq + 1);
                pairs.Add(new KeyValuePair<string, string>(
                    SigEncoding.PercentEncode(SigEncoding.PercentDecode(key)),
                    SigEncoding.PercentEncode(SigEncoding.PercentDecode(value))));
            }
            if (extra != null)
            {
                foreach (var pair in extra)
                {
                    pairs.Add(new KeyValuePair<string, string>(
                        SigEncoding.PercentEncode(pair.Key), SigEncoding.PercentEncode(pair.Value)));
                }
            }
            // Encoded pairs are plain ASCII, so ordinal order is byte order.
            pairs.Sort((a, b) =>
            {
                int byKey = string.CompareOrdinal(a.Key, b.Key);
                return byKey != 0 ? byKey : string.CompareOrdinal(a.Value, b.Value);
            });
            return string.Join("&", pairs.Select(p => p.Key + "=" + p.Value));
        }

        /// <summary>Names trimmed and lower-cased (ASCII only); values trimmed of space, tab, CR
        /// and LF with inner runs of them (folded lines too) collapsed to one space; repeated
        /// names joined with ',' in sent order (never sorted).</summary>
        private static SortedDictionary<string, List<string>> MergeHeaders(IEnumerable<KeyValuePair<string, string>> headers)
        {
            var merged = new SortedDictionary<string, List<string>>(SigEncoding.CodePointOrder);
            foreach (var header in headers)
            {
                string name = SigEncoding.AsciiLower(SigEncoding.AsciiStrip(header.Key));
                if (!merged.TryGetValue(name, out var values)) merged[name] = values = new List<string>();
                values.Add(SigEncoding.AsciiStrip(WhitespaceRun.Replace(header.Value, " ")));
            }
            return merged;
        }

        /// <summary><c>name:value\n</c> per header name, sorted by lower-case name.</summary>
        public static string CanonicalHeaders(IEnumerable<KeyValuePair<string, string>> headers)
        {
            var sb = new StringBuilder();
            foreach (var entry in MergeHeaders(headers))
            {
                sb.Append(entry.Key).Append(':').Append(string.Join(",", entry.Value)).Append('\n');
            }
            return sb.ToString();
        }

        /// <summary>The sorted lower-case header names, joined with ';'.</summary>
        public static string SignedHeaders(IEnumerable<KeyValuePair<string, string>> headers) =>
            string.Join(";", MergeHeaders(headers).Keys);

        /// <summary>Hex SHA-256 of the raw body bytes.</summary>
        public static string HashedPayload(byte[] body) => SigEncoding.Sha256Hex(body);

        /// <summary>The six parts joined with '\n'; canonical headers end in '\n' themselves, so a
        /// blank line follows them.</summary>
        public static string CanonicalRequest(string method, string canonicalUri, string canonicalQuery,
            string canonicalHeaders, string signedHeaders, string hashedPayload) =>
            string.Join("\n", method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders, hashedPayload);

        public static string CredentialScope(string date, string region, string service) =>
            date + "/" + region + "/" + service + "/aws4_request";

        public static string HashedCanonicalRequest(string canonicalRequest) =>
            SigEncoding.Sha256Hex(SigEncoding.Utf8(canonicalRequest));

        public static string StringToSign(string timestamp, string credentialScope, string hashedCanonicalRequest) =>
            Algorithm + "\n" + timestamp + "\n" + credentialScope + "\n" + hashedCanonicalRequest;

        /// <summary>Builds the canonical request from its parts (<paramref name="headers"/> as
        /// sent, the signer's included), hashes it, and writes the string to sign.</summary>
        public static AwsStringToSign StringToSign(string method, string canonicalUri, string canonicalQuery,
            IEnumerable<KeyValuePair<string, string>> headers, string payloadHash, string timestamp, string scope)
        {
            var result = new AwsStringToSign
            {
                CanonicalUri = canonicalUri, CanonicalQuery = canonicalQuery, CanonicalHeaders = CanonicalHeaders(headers),
                SignedHeaders = SignedHeaders(headers), PayloadHash = payloadHash, Scope = scope,
            };
            result.CanonicalRequest = CanonicalRequest(method, canonicalUri, canonicalQuery, result.CanonicalHeaders,
                result.SignedHeaders, payloadHash);
            result.HashedCanonicalRequest = HashedCanonicalRequest(result.CanonicalRequest);
            result.StringToSign = StringToSign(timestamp, scope, result.HashedCanonicalRequest);
            return result;
        }

        public static byte[] KDate(string secretAccessKey, string date) =>
            SigEncoding.HmacSha256(SigEncoding.Utf8("AWS4" + secretAccessKey), date);

        public static byte[] KRegion(byte[] kDate, string region) => SigEncoding.HmacSha256(kDate, region);

        public static byte[] KService(byte[] kRegion, string service) => SigEncoding.HmacSha256(kRegion, service);

        public static byte[] KSigning(byte[] kService) => SigEncoding.HmacSha256(kService, "aws4_request");

        /// <summary>The derived signing key: HMAC chain over date, region, service, "aws4_request".</summary>
        public static byte[] SigningKey(string secretAccessKey, string date, string region, string service) =>
            KSigning(KService(KRegion(KDate(secretAccessKey, date), region), service));

        /// <summary>Hex HMAC-SHA256 of the string to sign under the derived key.</summary>
        public static string Signature(byte[] signingKey, string stringToSign) =>
            SigEncoding.Hex(SigEncoding.HmacSha256(signingKey, stringToSign));

        public static string Authorization(string accessKeyId, string credentialScope, string signedHeaders, string signature) =>
            Algorithm + " Credential=" + accessKeyId + "/" + credentialScope +
            ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;

        /// <summary>Throws unless the stamp is a real YYYYMMDDTHHMMSSZ time.</summary>
        public static void CheckTimestamp(string stamp)
        {
            if (stamp == null || !DateTime.TryParseExact(stamp, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _))
            {
                throw new InputException("timestamp", "'" + stamp + "' is not a real YYYYMMDDTHHMMSSZ time");
            }
        }

        /// <summary>Signs the request; header form adds X-Amz-Date (and X-Amz-Security-Token,
        /// x-amz-content-sha256 when asked) to the signed headers, query form adds the X-Amz-*
        /// parameters to the canonical query.</summary>
        public static Signed Sign(AwsRequest req)
        {
            string stamp = req.Timestamp;
            CheckTimestamp(stamp);
            foreach (var header in req.Headers)
            {
                if (Array.IndexOf(SignerHeaders, SigEncoding.AsciiLower(SigEncoding.AsciiStrip(header.Key))) >= 0)
                {
                    throw new InputException("headers", "'" + header.Key + "' is set by the signer; leave it out of headers");
                }
            }
            bool inQuery = req.SignatureLocation == "query";
            string token = req.SessionToken;
            bool hasToken = !string.IsNullOrEmpty(token);
            bool signToken = hasToken && !req.OmitSessionToken;
            string date = stamp.Substring(0, 8);
            string payloadHash = req.UnsignedPayload ? UnsignedPayload : HashedPayload(req.Body ?? new byte[0]);
            string scope = CredentialScope(date, req.Region, req.Service);

            // Headers the signer adds (and sends), in the order the reference lists them.
            var added = new List<KeyValuePair<string, string>>();
            if (!inQuery)
            {
                added.Add(new KeyValuePair<string, string>("X-Amz-Date", stamp));
                if (hasToken) added.Add(new KeyValuePair<string, string>("X-Amz-Security-Token", token));
                if (req.SignBody) added.Add(new KeyValuePair<string, string>("x-amz-content-sha256", payloadHash));
            }
            var toCanonicalize = new List<KeyValuePair<string, string>>(req.Headers);
            toCanonicalize.AddRange(added.Where(h => h.Key != "X-Amz-Security-Token" || signToken));
            string signedHeaders = SignedHeaders(toCanonicalize);

            var extra = new List<KeyValuePair<string, string>>();
            if (inQuery)
            {
                extra.Add(new KeyValuePair<string, string>("X-Amz-Algorithm", Algorithm));
                extra.Add(new KeyValuePair<string, string>("X-Amz-Credential", req.AccessKeyId + "/" + scope));
                extra.Add(new KeyValuePair<string, string>("X-Amz-Date", stamp));
                extra.Add(new KeyValuePair<string, string>("X-Amz-Expires", req.ExpiresIn.ToString(CultureInfo.InvariantCulture)));
                extra.Add(new KeyValuePair<string, string>("X-Amz-SignedHeaders", signedHeaders));
                if (signToken) extra.Add(new KeyValuePair<string, string>("X-Amz-Security-Token", token));
            }
            var toSign = StringToSign(req.Method, CanonicalUri(req.Path, req.NormalizePath, req.DoubleEncodePath),
                CanonicalQueryString(req.Query, extra), toCanonicalize, payloadHash, stamp, scope);
            byte[] kDate = KDate(req.SecretAccessKey, date);
            byte[] kRegion = KRegion(kDate, req.Region);
            byte[] kService = KService(kRegion, req.Service);
            byte[] kSigning = KSigning(kService);
            string signature = Signature(kSigning, toSign.StringToSign);

            var result = toSign.AddSteps(new Signed(Scheme))
                .Step("k_date_hex", SigEncoding.Hex(kDate))
                .Step("k_region_hex", SigEncoding.Hex(kRegion))
                .Step("k_service_hex", SigEncoding.Hex(kService))
                .Step("k_signing_hex", SigEncoding.Hex(kSigning))
                .Out("signature", signature);
            if (inQuery)
            {
                string signedQuery = toSign.CanonicalQuery + "&X-Amz-Signature=" + signature;
                // An unsigned token is appended after signing (omit_session_token).
                if (hasToken && !signToken) signedQuery += "&X-Amz-Security-Token=" + SigEncoding.PercentEncode(token);
                result.Out("signed_query", signedQuery);
            }
            else
            {
                string authorization = Authorization(req.AccessKeyId, scope, signedHeaders, signature);
                result.Out("authorization", authorization);
                added.Add(new KeyValuePair<string, string>("Authorization", authorization));
            }
            result.Headers = added;
            return result;
        }

        /// <summary>The fields every SigV4 request has, read from a vector input.</summary>
        public static AwsRequest ReadRequest(JsonObject input, string service) => new AwsRequest
        {
            Method = Input.Str(input, "method"),
            Path = Input.Str(input, "path"),
            Query = Input.OptStr(input, "query", ""),
            Headers = Input.Pairs(input, "headers"),
            Body = Input.Body(input),
            AccessKeyId = Input.Str(input, "access_key_id"),
            SecretAccessKey = Input.Str(input, "secret_access_key"),
            SessionToken = Input.OptStr(input, "session_token", null),
            Region = Input.Str(input, "region"),
            Service = service,
            Timestamp = Input.Str(input, "timestamp"),
        };

        /// <summary>Signs one vector input (fields as in vectors/schema/aws-sigv4.schema.json).</summary>
        public static Signed Run(JsonObject input)
        {
            var req = ReadRequest(input, Input.Str(input, "service"));
            req.OmitSessionToken = Input.OptBool(input, "omit_session_token", false);
            req.NormalizePath = Input.OptBool(input, "normalize_path", true);
            req.DoubleEncodePath = Input.OptBool(input, "double_encode_path", true);
            req.SignBody = Input.OptBool(input, "sign_body", false);
            req.UnsignedPayload = Input.OptBool(input, "unsigned_payload", false);
            req.SignatureLocation = Input.OptStr(input, "signature_location", "header");
            req.ExpiresIn = Input.OptLong(input, "expires_in", 3600);
            return Sign(req);
        }
    }
}
