// Byte-level helpers shared by the schemes: hashing, HMAC, base64 and RFC 3986 percent-encoding.
//
// Every std::string here is a sequence of bytes; text is always UTF-8. Nothing depends on the
// C/C++ locale, so the results are the same under LANG=C as under a UTF-8 locale.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sigvec {

/// Ordered name/value pairs (headers in sent order, query parameters, ...).
using Pairs = std::vector<std::pair<std::string, std::string>>;

/// Intermediate values of a signature computation, in the order of the scheme's steps.
using Steps = std::vector<std::pair<std::string, std::string>>;

/// An input that is well-formed but cannot be signed; `field` names the offending input field.
class InputError : public std::invalid_argument {
public:
    InputError(std::string field, const std::string& message)
        : std::invalid_argument(field + ": " + message), field_(std::move(field)) {}
    const std::string& field() const noexcept { return field_; }

private:
    std::string field_;
};

/// Encodes every byte except the RFC 3986 unreserved ones (A-Z a-z 0-9 - _ . ~) and those in
/// `keep` as upper-case %XX. Space is %20 (never '+'), '*' is %2A, '~' stays: the encoding AWS,
/// Tencent and Alibaba Cloud specify, and the one form encoders get wrong.
std::string percent_encode(std::string_view data, std::string_view keep = {});

/// Decodes %XX escapes to bytes; anything else (including '+' and a stray '%') stays as is.
std::string percent_decode(std::string_view text);

/// Lower-case hex of raw bytes.
std::string to_hex(std::string_view bytes);

/// Raw digests (OpenSSL EVP).
std::string md5(std::string_view data);
std::string sha256(std::string_view data);
std::string sha256_hex(std::string_view data);

/// Raw HMAC digests (OpenSSL EVP_MAC).
std::string hmac_sha256(std::string_view key, std::string_view message);
std::string hmac_sha1(std::string_view key, std::string_view message);

/// Standard base64 with padding.
std::string base64_encode(std::string_view bytes);

/// Strict standard base64, with the reference's rules (Python's b64decode(s, validate=True)):
/// only the alphabet, then '=' padding and nothing after it; a partial final group needs
/// exactly its padding; a complete one may be followed by surplus '='. Throws
/// InputError(field, ...) otherwise.
std::string base64_decode(std::string_view text, const std::string& field = "base64");

/// Trims space, tab, CR and LF only (never NBSP or other Unicode spaces).
std::string_view ascii_strip(std::string_view text);

/// Lower-cases A-Z only: the schemes' "lower-case" is ASCII, whatever the locale's is.
std::string ascii_lower(std::string_view text);

}  // namespace sigvec
