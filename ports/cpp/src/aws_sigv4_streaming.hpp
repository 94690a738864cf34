// AWS SigV4 streaming upload (Content-Encoding: aws-chunked): a seed signature over SigV4's
// canonical request (S3 rules, payload hash STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]), then
// one signature per chunk chained to the previous one, the final empty chunk included, and
// optionally a trailer (e.g. a checksum header) signed after it.
// Header-only: schemes.cpp includes it (a translation unit without the JSON library).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "aws_sigv4.hpp"
#include "encoding.hpp"
#include "scheme.hpp"

namespace sigvec {

inline constexpr std::string_view kAwsSigv4StreamingSchemeId = "aws-sigv4-streaming";
inline constexpr std::array<std::string_view, 14> kAwsSigv4StreamingSteps = {
    "canonical_uri",          "canonical_query_string", "canonical_headers",
    "signed_headers",         "hashed_payload",         "canonical_request",
    "credential_scope",       "hashed_canonical_request", "string_to_sign",
    "k_signing_hex",          "chunk_strings_to_sign",  "chunk_signatures",
    "trailer_string_to_sign", "trailer_signature",  // the trailer variant only
};
inline constexpr std::string_view kStreamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr std::string_view kStreamingPayloadTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
inline constexpr std::string_view kChunkAlgorithm = "AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr std::string_view kTrailerAlgorithm = "AWS4-HMAC-SHA256-TRAILER";
inline constexpr std::int64_t kDefaultChunkSize = 65536;
/// The headers the signer adds; a caller who also sent one would sign a stale copy.
inline constexpr std::array<std::string_view, 8> kStreamingSignerHeaders = {
    "authorization", "content-encoding", "content-length", "x-amz-content-sha256",
    "x-amz-date", "x-amz-decoded-content-length", "x-amz-security-token", "x-amz-trailer"};

/// `chunk_size` bytes each (the last data chunk may be shorter), then the final empty chunk.
inline std::vector<std::string_view> streaming_chunks(std::string_view payload, std::size_t chunk_size) {
    std::vector<std::string_view> chunks;
    for (std::size_t at = 0; at < payload.size(); at += chunk_size) chunks.push_back(payload.substr(at, chunk_size));
    chunks.emplace_back();
    return chunks;
}

/// AWS4-HMAC-SHA256-PAYLOAD, timestamp, scope, the previous signature (the seed's for the first
/// chunk), SHA-256 of "" and of the chunk, joined by '\n'.
inline std::string chunk_string_to_sign(std::string_view stamp, std::string_view scope,
                                        std::string_view previous_signature, std::string_view chunk) {
    std::string out(kChunkAlgorithm);
    for (const std::string_view part : {stamp, scope, previous_signature}) out.append("\n").append(part);
    return out + "\n" + sha256_hex("") + "\n" + sha256_hex(chunk);
}

/// "<size in lower-case hex, no leading zeros>;chunk-signature=<signature>" ("0;..." for the final).
inline std::string chunk_header(std::size_t size, std::string_view signature) {
    char hex[32];
    std::snprintf(hex, sizeof hex, "%zx", size);  // %x never depends on the locale
    return hex + (";chunk-signature=" + std::string(signature));
}

/// "lower(name):value trimmed\n" per trailing header, in the order given.
inline std::string canonical_trailer(const Pairs& trailer) {
    std::string out;
    for (const auto& [name, value] : trailer) out += ascii_lower(name) + ":" + std::string(ascii_strip(value)) + "\n";
    return out;
}

/// AWS4-HMAC-SHA256-TRAILER, timestamp, scope, the final chunk's signature, SHA-256 of the
/// canonical trailer, joined by '\n'.
inline std::string trailer_string_to_sign(std::string_view stamp, std::string_view scope,
                                          std::string_view final_chunk_signature, std::string_view canonical) {
    std::string out(kTrailerAlgorithm);
    for (const std::string_view part : {stamp, scope, final_chunk_signature}) out.append("\n").append(part);
    return out + "\n" + sha256_hex(canonical);
}

/// The body as sent: each chunk "<chunk header>\r\n<data>\r\n" (the final chunk has no data
/// line), then each trailing header "name:value\r\n" as given and "x-amz-trailer-signature:<sig>\r\n",
/// then "\r\n".
inline std::string encoded_body(const std::vector<std::string_view>& chunks, const std::vector<std::string>& signatures,
                                const Pairs* trailer, std::string_view trailer_signature) {
    std::string body;
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        body += chunk_header(chunks[i].size(), signatures[i]) + "\r\n";
        if (!chunks[i].empty()) body.append(chunks[i]).append("\r\n");
    }
    if (trailer != nullptr) {
        for (const auto& [name, value] : *trailer) body += name + ":" + value + "\r\n";
        body += "x-amz-trailer-signature:" + std::string(trailer_signature) + "\r\n";
    }
    return body + "\r\n";
}

/// The encoded body's length, known before any signature: each one is 64 hex digits.
inline std::size_t encoded_length(const std::vector<std::string_view>& chunks, const Pairs* trailer) {
    const std::string placeholder(64, '0');
    return encoded_body(chunks, std::vector<std::string>(chunks.size(), placeholder), trailer, placeholder).size();
}

/// Signs one vector input (fields as in vectors/schema/aws-sigv4-streaming.schema.json).
inline Answer run_aws_sigv4_streaming(const Input& in) {
    const std::string stamp = in.text("timestamp");
    check_timestamp(stamp);
    Pairs headers = in.pairs("headers");
    for (const auto& [name, value] : headers) {
        const std::string lower = canonical_header_name(name);
        if (std::find(kStreamingSignerHeaders.begin(), kStreamingSignerHeaders.end(), lower) !=
            kStreamingSignerHeaders.end()) {
            throw InputError("headers", "'" + name + "' is set by the signer; leave it out");
        }
    }
    const bool has_trailer = in.has("trailer");
    const Pairs trailer = has_trailer ? in.pairs("trailer") : Pairs{};
    const std::int64_t chunk_size = in.integer("chunk_size", kDefaultChunkSize);
    if (chunk_size < 1) throw InputError("chunk_size", "expected an integer >= 1");
    const std::string payload = in.body();
    const auto chunks = streaming_chunks(payload, static_cast<std::size_t>(chunk_size));
    const std::string payload_hash(has_trailer ? kStreamingPayloadTrailer : kStreamingPayload);

    Pairs added = {
        {"Content-Encoding", "aws-chunked"},
        {"Content-Length", std::to_string(encoded_length(chunks, has_trailer ? &trailer : nullptr))},
        {"X-Amz-Content-Sha256", payload_hash},
        {"X-Amz-Date", stamp},
        {"X-Amz-Decoded-Content-Length", std::to_string(payload.size())},
    };
    if (has_trailer) {
        std::string names;
        for (const auto& pair : trailer) names += (names.empty() ? "" : ",") + ascii_lower(pair.first);
        added.emplace_back("X-Amz-Trailer", names);
    }
    const std::string token = in.text("session_token", "");
    if (!token.empty()) added.emplace_back("X-Amz-Security-Token", token);
    const bool sign_content_length = in.flag("sign_content_length", true);
    for (const auto& header : added) {
        if (header.first != "Content-Length" || sign_content_length) headers.push_back(header);
    }

    const std::string region = in.text("region");
    const std::string service = in.text("service", "s3");
    const std::string date = stamp.substr(0, 8);
    const AwsStringToSign seed_request = aws_string_to_sign(
        in.text("method"), canonical_uri(in.text("path"), false, false), canonical_query_string(in.text("query", "")),
        canonical_headers(headers), payload_hash, stamp, credential_scope(date, region, service));
    const std::string& scope = seed_request.scope;
    const std::string key = signing_key(in.text("secret_access_key"), date, region, service);
    const std::string seed = to_hex(hmac_sha256(key, seed_request.string_to_sign));

    std::vector<std::string> chunk_strings, chunk_signatures, chunk_headers;
    for (const std::string_view chunk : chunks) {
        chunk_strings.push_back(chunk_string_to_sign(stamp, scope, chunk_signatures.empty() ? seed : chunk_signatures.back(), chunk));
        chunk_signatures.push_back(to_hex(hmac_sha256(key, chunk_strings.back())));
        chunk_headers.push_back(chunk_header(chunk.size(), chunk_signatures.back()));
    }
    const std::string authorization =
        aws_authorization(in.text("access_key_id"), scope, seed_request.headers.signed_headers, seed);

    Answer answer;
    answer.steps(seed_request.steps()).steps({{"k_signing_hex", to_hex(key)}});
    answer.intermediates.emplace_back("chunk_strings_to_sign", chunk_strings);
    answer.intermediates.emplace_back("chunk_signatures", chunk_signatures);
    std::string trailer_signature;
    if (has_trailer) {
        const std::string& final_chunk_signature = chunk_signatures.back();
        const std::string trailer_to_sign =
            trailer_string_to_sign(stamp, scope, final_chunk_signature, canonical_trailer(trailer));
        trailer_signature = to_hex(hmac_sha256(key, trailer_to_sign));
        answer.steps({{"trailer_string_to_sign", trailer_to_sign}, {"trailer_signature", trailer_signature}});
    }
    const std::string body = encoded_body(chunks, chunk_signatures, has_trailer ? &trailer : nullptr, trailer_signature);
    added.emplace_back("Authorization", authorization);
    return answer.out("signature", seed)
        .out("authorization", authorization)
        .out("chunk_headers", chunk_headers)
        .out("encoded_body_sha256", sha256_hex(body))
        .add_headers(std::move(added));
}

inline const Scheme kAwsSigv4StreamingScheme{kAwsSigv4StreamingSchemeId, step_list(kAwsSigv4StreamingSteps),
                                             run_aws_sigv4_streaming};

}  // namespace sigvec
