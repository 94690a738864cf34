using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Json;
using System.Linq;

namespace Sigvec.Port
{
    /// <summary>AWS SigV4 streaming upload (<c>Content-Encoding: aws-chunked</c>): a seed signature
    /// over SigV4's canonical request (S3 rules, payload hash STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]),
    /// then one signature per chunk chained to the previous one, the final empty chunk included, and
    /// optionally a trailer (e.g. a checksum header) signed after it.</summary>
    public static class AwsSigv4Streaming
    {
        public const string Scheme = "aws-sigv4-streaming";
        public const string StreamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
        public const string StreamingPayloadTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
        public const string ChunkAlgorithm = "AWS4-HMAC-SHA256-PAYLOAD";
        public const string TrailerAlgorithm = "AWS4-HMAC-SHA256-TRAILER";
        public const long DefaultChunkSize = 65536;
        private static readonly string EmptySha256 = SigEncoding.Sha256Hex(new byte[0]);

        /// <summary>The last two only in the trailer variant.</summary>
        public static readonly string[] Steps =
        {
            "canonical_uri", "canonical_query_string", "canonical_headers", "signed_headers",
            "hashed_payload", "canonical_request", "credential_scope", "hashed_canonical_request",
            "string_to_sign", "k_signing_hex", "chunk_strings_to_sign", "chunk_signatures",
            "trailer_string_to_sign", "trailer_signature",
        };

        /// <summary>Headers the signer adds; a caller who also sent one would sign a stale copy.</summary>
        public static readonly string[] SignerHeaders =
        {
            "authorization", "content-encoding", "content-length", "x-amz-content-sha256", "x-amz-date",
            "x-amz-decoded-content-length", "x-amz-security-token", "x-amz-trailer",
        };

        /// <summary><paramref name="chunkSize"/> bytes each (the last data chunk may be shorter),
        /// then the final empty chunk.</summary>
        public static List<byte[]> Chunks(byte[] payload, long chunkSize)
        {
            var chunks = new List<byte[]>();
            for (long at = 0; at < payload.Length; at += chunkSize)
            {
                var chunk = new byte[Math.Min(chunkSize, payload.Length - at)];
                Array.Copy(payload, at, chunk, 0, chunk.Length);
                chunks.Add(chunk);
            }
            chunks.Add(new byte[0]);
            return chunks;
        }

        /// <summary>AWS4-HMAC-SHA256-PAYLOAD, timestamp, scope, the previous signature (the seed's
        /// for the first chunk), SHA-256 of "" and of the chunk, joined by '\n'.</summary>
        public static string ChunkStringToSign(string stamp, string scope, string previousSignature, byte[] chunk) =>
            string.Join("\n", ChunkAlgorithm, stamp, scope, previousSignature, EmptySha256, SigEncoding.Sha256Hex(chunk));

        /// <summary><c>SIZE;chunk-signature=SIG</c>: the size in lower-case hex without leading zeros
        /// (<c>0</c> for the final chunk).</summary>
        public static string ChunkHeader(int size, string signature) =>
            size.ToString("x", CultureInfo.InvariantCulture) + ";chunk-signature=" + signature;

        /// <summary><c>lower(name):trimmed value\n</c> per trailing header, in the order given.</summary>
        public static string CanonicalTrailer(IEnumerable<KeyValuePair<string, string>> trailer) =>
            string.Concat(trailer.Select(h => SigEncoding.AsciiLower(h.Key) + ":" + SigEncoding.AsciiStrip(h.Value) + "\n"));

        /// <summary>AWS4-HMAC-SHA256-TRAILER, timestamp, scope, the final chunk's signature, SHA-256
        /// of the canonical trailer, joined by '\n'.</summary>
        public static string TrailerStringToSign(string stamp, string scope, string finalChunkSignature, string canonicalTrailer) =>
            string.Join("\n", TrailerAlgorithm, stamp, scope, finalChunkSignature,
                SigEncoding.Sha256Hex(SigEncoding.Utf8(canonicalTrailer)));

        /// <summary>The body as sent: each chunk <c>HEADER\r\nDATA\r\n</c> (the final chunk has no
        /// data line), then each trailing header <c>name:value\r\n</c> as given and
        /// <c>x-amz-trailer-signature:SIG\r\n</c>, then <c>\r\n</c>.</summary>
        public static byte[] EncodedBody(IList<byte[]> chunks, IList<string> signatures,
            IEnumerable<KeyValuePair<string, string>> trailer, string trailerSignature)
        {
            var body = new MemoryStream();
            for (int i = 0; i < chunks.Count; i++)
            {
                Write(body, ChunkHeader(chunks[i].Length, signatures[i]) + "\r\n");
                if (chunks[i].Length == 0) continue;
                body.Write(chunks[i], 0, chunks[i].Length);
                Write(body, "\r\n");
            }
            if (trailer != null)
            {
                foreach (var header in trailer) Write(body, header.Key + ":" + header.Value + "\r\n");
                Write(body, "x-amz-trailer-signature:" + trailerSignature + "\r\n");
            }
            Write(body, "\r\n");
            return body.ToArray();
        }

        private static void Write(MemoryStream body, string text)
        {
            byte[] bytes = SigEncoding.Utf8(text);
            body.Write(bytes, 0, bytes.Length);
        }

        /// <summary>The encoded body's length, known before any signature: each is 64 hex digits.</summary>
        public static long EncodedLength(IList<byte[]> chunks, IEnumerable<KeyValuePair<string, string>> trailer)
        {
            string placeholder = new string('0', 64);
            return EncodedBody(chunks, Enumerable.Repeat(placeholder, chunks.Count).ToList(), trailer, placeholder).LongLength;
        }

        /// <summary>Signs an upload of <paramref name="req"/>'s Body (the decoded payload) in
        /// chunks of <paramref name="chunkSize"/> bytes; with a <paramref name="trailer"/>, the
        /// trailer variant. The path gets S3's rules whatever NormalizePath and DoubleEncodePath say;
        /// Content-Length (always sent) is signed when <paramref name="signContentLength"/>.</summary>
        public static Signed Sign(AwsRequest req, long chunkSize = DefaultChunkSize,
            List<KeyValuePair<string, string>> trailer = null, bool signContentLength = true)
        {
            string stamp = req.Timestamp;
            AwsSigV4.CheckTimestamp(stamp);
            foreach (var header in req.Headers)
            {
                if (Array.IndexOf(SignerHeaders, SigEncoding.AsciiLower(SigEncoding.AsciiStrip(header.Key))) >= 0)
                {
                    throw new InputException("headers", "'" + header.Key + "' is set by the signer; leave it out");
                }
            }
            if (chunkSize < 1) throw new InputException("chunk_size", "expected an integer >= 1");
            bool hasTrailer = trailer != null;
            var chunks = Chunks(req.Body, chunkSize);
            string payloadHash = hasTrailer ? StreamingPayloadTrailer : StreamingPayload;

            var added = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("Content-Encoding", "aws-chunked"),
                new KeyValuePair<string, string>("Content-Length",
                    EncodedLength(chunks, trailer).ToString(CultureInfo.InvariantCulture)),
                new KeyValuePair<string, string>("X-Amz-Content-Sha256", payloadHash),
                new KeyValuePair<string, string>("X-Amz-Date", stamp),
                new KeyValuePair<string, string>("X-Amz-Decoded-Content-Length",
                    req.Body.Length.ToString(CultureInfo.InvariantCulture)),
            };
            if (hasTrailer)
            {
                added.Add(new KeyValuePair<string, string>("X-Amz-Trailer",
                    string.Join(",", trailer.Select(h => SigEncoding.AsciiLower(h.Key)))));
            }
            if (!string.IsNullOrEmpty(req.SessionToken))
            {
                added.Add(new KeyValuePair<string, string>("X-Amz-Security-Token", req.SessionToken));
            }
            var toCanonicalize = new List<KeyValuePair<string, string>>(req.Headers);
            toCanonicalize.AddRange(added.Where(h => h.Key != "Content-Length" || signContentLength));

            string date = stamp.Substring(0, 8);
            var seedRequest = AwsSigV4.StringToSign(req.Method, AwsSigV4.CanonicalUri(req.Path, normalize: false, doubleEncode: false),
                AwsSigV4.CanonicalQueryString(req.Query), toCanonicalize, payloadHash, stamp,
                AwsSigV4.CredentialScope(date, req.Region, req.Service));
            string scope = seedRequest.Scope;
            byte[] key = AwsSigV4.SigningKey(req.SecretAccessKey, date, req.Region, req.Service);
            string seed = AwsSigV4.Signature(key, seedRequest.StringToSign);

            var chunkStrings = new List<string>();
            var chunkSignatures = new List<string>();
            foreach (byte[] chunk in chunks)
            {
                chunkStrings.Add(ChunkStringToSign(stamp, scope, chunkSignatures.Count == 0 ? seed : chunkSignatures.Last(), chunk));
                chunkSignatures.Add(AwsSigV4.Signature(key, chunkStrings.Last()));
            }
            string authorization = AwsSigV4.Authorization(req.AccessKeyId, scope, seedRequest.SignedHeaders, seed);

            var result = seedRequest.AddSteps(new Signed(Scheme))
                .Step("k_signing_hex", SigEncoding.Hex(key))
                .Step("chunk_strings_to_sign", chunkStrings)
                .Step("chunk_signatures", chunkSignatures);
            string trailerSignature = null;
            if (hasTrailer)
            {
                string trailerToSign = TrailerStringToSign(stamp, scope, chunkSignatures.Last(), CanonicalTrailer(trailer));
                trailerSignature = AwsSigV4.Signature(key, trailerToSign);
                result.Step("trailer_string_to_sign", trailerToSign).Step("trailer_signature", trailerSignature);
            }
            byte[] body = EncodedBody(chunks, chunkSignatures, trailer, trailerSignature);
            added.Add(new KeyValuePair<string, string>("Authorization", authorization));
            result.Out("signature", seed)
                .Out("authorization", authorization)
                .Out("chunk_headers", chunks.Select((chunk, i) => ChunkHeader(chunk.Length, chunkSignatures[i])).ToList())
                .Out("encoded_body_sha256", SigEncoding.Sha256Hex(body));
            result.Headers = added;
            return result;
        }

        /// <summary>Signs one vector input (fields as in vectors/schema/aws-sigv4-streaming.schema.json).</summary>
        public static Signed Run(JsonObject input) =>
            Sign(AwsSigV4.ReadRequest(input, Input.OptStr(input, "service", "s3")),
                Input.OptLong(input, "chunk_size", DefaultChunkSize),
                input.ContainsKey("trailer") ? Input.Pairs(input, "trailer") : null,
                Input.OptBool(input, "sign_content_length", true));
    }
}
