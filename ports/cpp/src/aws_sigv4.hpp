// AWS Signature Version 4 (AWS4-HMAC-SHA256): canonical request, string to sign, derived key.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "encoding.hpp"
#include "scheme.hpp"

namespace sigvec {

inline constexpr std::string_view kAwsSchemeId = "aws-sigv4";
inline constexpr std::string_view kAwsAlgorithm = "AWS4-HMAC-SHA256";
/// The payload hash of a request whose body is not signed (S3 presigned URLs).
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::array<std::string_view, 13> kAwsSteps = {
    "canonical_uri",      "canonical_query_string",   "canonical_headers", "signed_headers",
    "hashed_payload",     "canonical_request",        "credential_scope",  "hashed_canonical_request",
    "string_to_sign",     "k_date_hex",               "k_region_hex",      "k_service_hex",
    "k_signing_hex",
};

/// RFC 3986 dot-segment removal that also collapses empty segments ("//"), as AWS does.
std::string normalize_path(std::string_view path);

/// The path as sent, percent-encoded. Non-S3 services encode it again (%20 becomes %2520);
/// S3 (double_encode false) keeps existing escapes and only encodes raw bytes.
std::string canonical_uri(std::string_view path, bool normalize = true, bool double_encode = true);

/// Decodes each key=value of the raw query, re-encodes it strictly ('+' is a literal plus,
/// %2B), adds `extra` (unencoded pairs, e.g. the X-Amz-* parameters of a presigned URL) and
/// sorts by key, then value. A key without '=' gets an empty value.
std::string canonical_query_string(std::string_view query, const Pairs& extra = {});

/// A header name as canonical headers list it: trimmed, lower-cased (ASCII only).
std::string canonical_header_name(std::string_view name);

struct CanonicalHeaders {
    std::string canonical;       ///< "name:value\n" per header name, sorted
    std::string signed_headers;  ///< "name1;name2;..."
};

/// Lower-cases names (ASCII only), trims values and folds inner runs of space/tab/CR/LF to one space, joins
/// repeated names with ',' in sent order (never sorted), sorts by name.
CanonicalHeaders canonical_headers(const Pairs& headers);

std::string credential_scope(std::string_view date, std::string_view region, std::string_view service);

std::string canonical_request(std::string_view method, std::string_view canonical_uri,
                              std::string_view canonical_query, std::string_view canonical_headers,
                              std::string_view signed_headers, std::string_view payload_hash);

std::string string_to_sign(std::string_view timestamp, std::string_view scope,
                           std::string_view hashed_canonical_request);

/// A request signed up to its string to sign: the first nine steps of kAwsSteps.
struct AwsStringToSign {
    std::string canonical_uri;
    std::string canonical_query;
    CanonicalHeaders headers;
    std::string payload_hash;
    std::string scope;
    std::string canonical_request;
    std::string hashed_canonical_request;
    std::string string_to_sign;

    Steps steps() const;  ///< the nine intermediates, in kAwsSteps order
};

/// Builds the canonical request from its parts, hashes it, and writes the string to sign.
AwsStringToSign aws_string_to_sign(std::string_view method, std::string canonical_uri,
                                   std::string canonical_query, CanonicalHeaders headers,
                                   std::string payload_hash, std::string_view timestamp,
                                   std::string scope);

/// kDate, kRegion, kService, kSigning (raw bytes); the last one signs the string to sign.
std::array<std::string, 4> signing_keys(std::string_view secret, std::string_view date,
                                        std::string_view region, std::string_view service);

/// The signing key (kSigning) alone.
std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service);

/// "AWS4-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=<names>, Signature=<hex>".
std::string aws_authorization(std::string_view access_key_id, std::string_view scope,
                              std::string_view signed_headers, std::string_view signature);

/// Throws InputError unless `stamp` is a real YYYYMMDDTHHMMSSZ time.
void check_timestamp(std::string_view stamp);

struct AwsRequest {
    std::string method;
    std::string path;   ///< exactly as on the wire
    std::string query;  ///< raw query string as sent, without '?'
    Pairs headers;      ///< in sent order, Host included; never the X-Amz-* the signer adds
    std::string body;   ///< raw bytes
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;  ///< empty: none
    bool omit_session_token = false;  ///< send the token but leave it out of the signature
    std::string region;
    std::string service;
    std::string timestamp;  ///< YYYYMMDDTHHMMSSZ, UTC
    bool normalize_path = true;
    bool double_encode_path = true;
    bool sign_body = false;        ///< add x-amz-content-sha256 (header form)
    bool unsigned_payload = false; ///< sign kUnsignedPayload, not the body's hash (S3 presigned)
    bool in_query = false;         ///< presigned URL instead of the Authorization header
    long long expires_in = 3600;   ///< presigned URLs only
};

struct AwsSigned {
    std::string signature;      ///< lower-case hex
    std::string authorization;  ///< header form only
    std::string signed_query;   ///< query form only: the full query string to send
    Pairs headers;              ///< headers the signer adds (Authorization included)
    Steps steps;                ///< intermediates, in kAwsSteps order
};

AwsSigned sign_aws(const AwsRequest& request);

/// The protocol entry: reads a vector input (vectors/schema/aws-sigv4.schema.json) and signs it.
extern const Scheme kAwsSigV4Scheme;

}  // namespace sigvec
