// iFlytek WebSocket/HTTP URL authentication (HMAC-SHA256): the signature covers the host, the
// RFC 1123 date and the request line; base64 of the signed "authorization" travels in the URL
// as authorization, date and host query parameters.
// Header-only: schemes.cpp includes it (a translation unit without the JSON library).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "encoding.hpp"
#include "scheme.hpp"

namespace sigvec {

inline constexpr std::string_view kIflytekWsSchemeId = "iflytek-ws";
inline constexpr std::array<std::string_view, 4> kIflytekWsSteps = {
    "request_line", "signature_origin", "hmac_sha256_hex", "authorization_origin"};

/// "<method> <path> HTTP/1.1": method and path verbatim, the protocol version included.
inline std::string iflytek_ws_request_line(std::string_view method, std::string_view path) {
    return std::string(method) + " " + std::string(path) + " HTTP/1.1";
}

/// "host: <host>\ndate: <date>\n<request line>": one space after each colon, no final newline.
inline std::string iflytek_ws_signature_origin(std::string_view host, std::string_view date,
                                               std::string_view request_line) {
    return "host: " + std::string(host) + "\ndate: " + std::string(date) + "\n" +
           std::string(request_line);
}

/// HMAC-SHA256 (raw bytes) keyed with the secret's UTF-8 bytes verbatim (never base64-decoded,
/// although it looks like base64).
inline std::string iflytek_ws_hmac(std::string_view api_secret, std::string_view signature_origin) {
    return hmac_sha256(api_secret, signature_origin);
}

/// The header NAMES "host date request-line" (never their values), parts separated by ", ".
inline std::string iflytek_ws_authorization_origin(std::string_view api_key, std::string_view signature) {
    return "api_key=\"" + std::string(api_key) +
           "\", algorithm=\"hmac-sha256\", headers=\"host date request-line\", signature=\"" +
           std::string(signature) + "\"";
}

/// "authorization=...&date=...&host=...", each value RFC 3986 percent-encoded.
inline std::string iflytek_ws_query(std::string_view authorization, std::string_view date,
                                    std::string_view host) {
    return "authorization=" + percent_encode(authorization) + "&date=" + percent_encode(date) +
           "&host=" + percent_encode(host);
}

/// Signs one vector input (fields as in vectors/schema/iflytek-ws.schema.json).
inline Answer run_iflytek_ws(const Input& in) {
    const std::string api_key = in.text("api_key");
    const std::string host = in.text("host");
    const std::string date = in.text("date");
    const std::string request_line = iflytek_ws_request_line(in.text("method", "GET"), in.text("path"));
    const std::string origin = iflytek_ws_signature_origin(host, date, request_line);
    const std::string digest = iflytek_ws_hmac(in.text("api_secret"), origin);
    const std::string signature = base64_encode(digest);
    const std::string authorization_origin = iflytek_ws_authorization_origin(api_key, signature);
    const std::string authorization = base64_encode(authorization_origin);
    Answer answer;
    answer.steps({{"request_line", request_line},
                  {"signature_origin", origin},
                  {"hmac_sha256_hex", to_hex(digest)},
                  {"authorization_origin", authorization_origin}});
    return answer.out("signature", signature)
        .out("authorization", authorization)
        .out("query", iflytek_ws_query(authorization, date, host));
}

inline const Scheme kIflytekWsScheme{kIflytekWsSchemeId, step_list(kIflytekWsSteps), run_iflytek_ws};

}  // namespace sigvec
