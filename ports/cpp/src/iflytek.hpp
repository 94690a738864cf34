// iFlytek-style app signature: base64(HMAC-SHA1(key = app_secret, msg = hex(MD5(app_id + ts)))).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "encoding.hpp"
#include "scheme.hpp"

namespace sigvec {

inline constexpr std::string_view kIflytekSchemeId = "iflytek";
inline constexpr std::array<std::string_view, 3> kIflytekSteps = {"base_string", "md5_hex",
                                                                   "hmac_sha1_hex"};

/// app_id followed by ts, exactly as sent (a ts with leading zeros keeps them).
std::string base_string(std::string_view app_id, std::string_view ts);

/// Lower-case hex of MD5 over the UTF-8 bytes. This 32-character TEXT is what gets signed,
/// not the 16 raw digest bytes.
std::string md5_hex(std::string_view base);

/// HMAC-SHA1 (raw bytes) keyed with the secret's UTF-8 bytes used verbatim (never base64- or
/// URL-decoded), over the MD5 hex text.
std::string hmac_sha1_digest(std::string_view app_secret, std::string_view md5_text);

/// The signature: base64 of hmac_sha1_digest.
std::string sign_iflytek(std::string_view app_id, std::string_view ts, std::string_view app_secret);

/// "appid=...&ts=...&signa=..." with each value RFC 3986 percent-encoded (the signature's
/// '+', '/' and '=' included).
std::string iflytek_query(std::string_view app_id, std::string_view ts, std::string_view signature);

struct IflytekSigned {
    std::string signature;  ///< base64
    std::string query;      ///< query-string form
    Pairs headers;          ///< header form: X-App-Key, X-Timestamp, X-App-Signature
    Steps steps;            ///< intermediates, in kIflytekSteps order
};

IflytekSigned sign_iflytek_request(std::string_view app_id, std::string_view ts,
                                   std::string_view app_secret);

/// The protocol entry: reads a vector input (vectors/schema/iflytek.schema.json) and signs it.
extern const Scheme kIflytekScheme;

}  // namespace sigvec
