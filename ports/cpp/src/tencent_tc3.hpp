// Tencent Cloud API 3.0 signature, TC3-HMAC-SHA256.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "encoding.hpp"
#include "scheme.hpp"

namespace sigvec {

inline constexpr std::string_view kTc3SchemeId = "tencent-tc3";
inline constexpr std::string_view kTc3Algorithm = "TC3-HMAC-SHA256";
inline constexpr std::string_view kTc3DefaultContentType = "application/json; charset=utf-8";
inline constexpr std::array<std::string_view, 11> kTc3Steps = {
    "hashed_request_payload", "canonical_headers",  "signed_headers",
    "canonical_request",      "date",               "credential_scope",
    "hashed_canonical_request", "string_to_sign",   "secret_date_hex",
    "secret_service_hex",     "secret_signing_hex",
};

struct TencentRequest {
    std::string secret_id;
    std::string secret_key;
    std::string service;  ///< e.g. "cvm"
    std::string host;     ///< e.g. "cvm.tencentcloudapi.com"
    std::string action;
    std::string version;
    std::int64_t timestamp = 0;  ///< UNIX seconds
    std::string method;          ///< "POST" or "GET"
    std::string payload;         ///< the exact body sent; "" for GET
    std::string query;           ///< canonical query string for GET; "" for POST
    std::string content_type = std::string(kTc3DefaultContentType);
    std::string region;  ///< empty: none (region-less API), X-TC-Region not sent
    std::string token;   ///< empty: none
    std::vector<std::string> signed_headers = {"content-type", "host"};  ///< lower-case names
};

/// The value of every header the scheme can sign, keyed by lower-case name.
std::map<std::string, std::string> header_values(const TencentRequest& request);

/// "name:value\n" per signed header, in the order given (pass them sorted). Tencent lower-cases
/// header VALUES too, so x-tc-action carries the action in lower case.
std::string canonical_headers(const std::vector<std::string>& names,
                              const std::map<std::string, std::string>& values);

/// The canonical URI is always "/"; an empty query still leaves its (blank) line.
std::string canonical_request(std::string_view method, std::string_view query,
                              std::string_view canonical_headers, std::string_view signed_headers,
                              std::string_view payload_hash);

/// The UTC date (YYYY-MM-DD) of a UNIX timestamp, whatever the local time zone.
std::string utc_date(std::int64_t timestamp);

std::string credential_scope(std::string_view date, std::string_view service);

/// SecretDate, SecretService, SecretSigning (raw bytes).
std::array<std::string, 3> signing_keys(std::string_view secret_key, std::string_view date,
                                        std::string_view service);

struct TencentSigned {
    std::string signature;      ///< lower-case hex
    std::string authorization;  ///< the Authorization header value
    Pairs headers;              ///< every header to send (Authorization included)
    Steps steps;                ///< intermediates, in kTc3Steps order
};

TencentSigned sign_tencent(const TencentRequest& request);

/// The protocol entry: reads a vector input (vectors/schema/tencent-tc3.schema.json) and signs it.
extern const Scheme kTencentTc3Scheme;

}  // namespace sigvec
