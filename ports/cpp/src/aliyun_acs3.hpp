// Alibaba Cloud V3 signature, ACS3-HMAC-SHA256: a canonical request (method, encoded path,
// sorted encoded query, the host/content-type/x-acs-* headers, their names, SHA-256 of the
// body), hashed into the string to sign, hex HMAC-SHA256 keyed with the AccessKey secret.
// Header-only: schemes.cpp includes it (a translation unit without the JSON library).
#pragma once

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <string_view>

#include "encoding.hpp"
#include "scheme.hpp"

namespace sigvec {

inline constexpr std::string_view kAliyunAcs3SchemeId = "aliyun-acs3";
inline constexpr std::string_view kAcs3Algorithm = "ACS3-HMAC-SHA256";
inline constexpr std::array<std::string_view, 8> kAliyunAcs3Steps = {
    "canonical_uri",     "canonical_query_string", "hashed_request_payload",   "canonical_headers",
    "signed_headers",    "canonical_request",      "hashed_canonical_request", "string_to_sign",
};
inline constexpr std::string_view kAcs3ContentSha256 = "x-acs-content-sha256";
inline constexpr std::string_view kAcs3SecurityToken = "x-acs-security-token";

/// The resource path RFC 3986-encoded byte by byte, '/' kept; "/" when empty.
inline std::string acs3_canonical_uri(std::string_view path) {
    return percent_encode(path.empty() ? "/" : path, "/");
}

/// enc(name)=enc(value) joined by '&', sorted by the UNENCODED name in code point order (the
/// documentation sorts first, then encodes; std::string compares bytes as unsigned).
inline std::string acs3_canonical_query_string(Pairs query) {
    std::sort(query.begin(), query.end());
    std::string out;
    for (const auto& [name, value] : query) {
        if (!out.empty()) out += '&';
        out += percent_encode(name) + "=" + percent_encode(value);
    }
    return out;
}

/// Signed: host, content-type, and every header whose lower-case name starts with x-acs-.
inline bool acs3_is_signed(std::string_view lower_name) {
    return lower_name == "host" || lower_name == "content-type" || lower_name.substr(0, 6) == "x-acs-";
}

/// The signed headers as (lower-case name, value trimmed of ASCII whitespace), sorted by name.
inline Pairs acs3_signed(const Pairs& headers) {
    Pairs signed_pairs;
    for (const auto& [name, value] : headers) {
        std::string lower = ascii_lower(name);
        if (acs3_is_signed(lower)) signed_pairs.emplace_back(std::move(lower), std::string(ascii_strip(value)));
    }
    std::sort(signed_pairs.begin(), signed_pairs.end());
    return signed_pairs;
}

/// "name:value\n" per signed header.
inline std::string acs3_canonical_headers(const Pairs& signed_pairs) {
    std::string out;
    for (const auto& [name, value] : signed_pairs) out += name + ":" + value + "\n";
    return out;
}

/// The names joined by ';'.
inline std::string acs3_signed_headers(const Pairs& signed_pairs) {
    std::string out;
    for (const auto& pair : signed_pairs) out += (out.empty() ? "" : ";") + pair.first;
    return out;
}

/// The six parts joined by '\n'; the headers block ends in '\n' itself.
inline std::string acs3_canonical_request(std::string_view method, std::string_view uri,
                                          std::string_view query, std::string_view headers,
                                          std::string_view signed_headers, std::string_view payload_hash) {
    std::string out(method);
    for (const std::string_view part : {uri, query, headers, signed_headers, payload_hash}) {
        out.append("\n").append(part);
    }
    return out;
}

inline std::string acs3_string_to_sign(std::string_view hashed_canonical_request) {
    return std::string(kAcs3Algorithm) + "\n" + std::string(hashed_canonical_request);
}

/// Hex HMAC-SHA256 keyed with the secret itself (no prefix, no derivation).
inline std::string acs3_signature(std::string_view secret, std::string_view string_to_sign) {
    return to_hex(hmac_sha256(secret, string_to_sign));
}

/// The parts separated by bare commas, no spaces.
inline std::string acs3_authorization(std::string_view access_key_id, std::string_view signed_headers,
                                      std::string_view signature) {
    return std::string(kAcs3Algorithm) + " Credential=" + std::string(access_key_id) +
           ",SignedHeaders=" + std::string(signed_headers) + ",Signature=" + std::string(signature);
}

/// Refuses a header the signer sets, and a name sent twice (case-insensitively).
inline void acs3_check_headers(const Pairs& headers) {
    std::set<std::string> seen;
    for (const auto& [name, value] : headers) {
        const std::string lower = ascii_lower(name);
        if (lower == kAcs3ContentSha256 || lower == kAcs3SecurityToken || lower == "authorization") {
            throw InputError("headers", "'" + name + "' is set by the signer; leave it out");
        }
        if (!seen.insert(lower).second) {
            throw InputError("headers", "'" + name + "' is sent twice; send each header once");
        }
    }
}

/// Signs one vector input (fields as in vectors/schema/aliyun-acs3.schema.json).
inline Answer run_aliyun_acs3(const Input& in) {
    Pairs headers = in.pairs("headers");
    acs3_check_headers(headers);
    const std::string uri = acs3_canonical_uri(in.text("path", "/"));
    const std::string query = acs3_canonical_query_string(in.has("query") ? in.object("query") : Pairs{});
    const std::string payload_hash = sha256_hex(in.body());
    Pairs added = {{std::string(kAcs3ContentSha256), payload_hash}};
    if (in.has("security_token")) added.emplace_back(kAcs3SecurityToken, in.text("security_token"));
    headers.insert(headers.end(), added.begin(), added.end());
    const Pairs signed_pairs = acs3_signed(headers);
    const std::string canonical_headers = acs3_canonical_headers(signed_pairs);
    const std::string signed_headers = acs3_signed_headers(signed_pairs);
    const std::string creq = acs3_canonical_request(in.text("method"), uri, query, canonical_headers,
                                                    signed_headers, payload_hash);
    const std::string creq_hash = sha256_hex(creq);
    const std::string to_sign = acs3_string_to_sign(creq_hash);
    const std::string signature = acs3_signature(in.text("access_key_secret"), to_sign);
    const std::string authorization = acs3_authorization(in.text("access_key_id"), signed_headers, signature);
    added.emplace_back("Authorization", authorization);
    Answer answer;
    answer.steps({{"canonical_uri", uri},
                  {"canonical_query_string", query},
                  {"hashed_request_payload", payload_hash},
                  {"canonical_headers", canonical_headers},
                  {"signed_headers", signed_headers},
                  {"canonical_request", creq},
                  {"hashed_canonical_request", creq_hash},
                  {"string_to_sign", to_sign}});
    return answer.out("signature", signature).out("authorization", authorization).add_headers(std::move(added));
}

inline const Scheme kAliyunAcs3Scheme{kAliyunAcs3SchemeId, step_list(kAliyunAcs3Steps), run_aliyun_acs3};

}  // namespace sigvec
