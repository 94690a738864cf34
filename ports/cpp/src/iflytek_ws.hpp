// iFlytek WebSocket HMAC-SHA256 URL authentication: TODO one line on what is signed (placeholder: HMAC-SHA256 over key_id and message).
// Header-only: schemes.cpp includes it (a translation unit without the JSON library).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "encoding.hpp"
#include "scheme.hpp"

namespace sigvec {

inline constexpr std::string_view kIflytekWsSchemeId = "iflytek-ws";
inline constexpr std::array<std::string_view, 1> kIflytekWsSteps = {"string_to_sign"};

inline std::string iflytek_ws_string_to_sign(std::string_view key_id, std::string_view message) {
    return std::string(key_id) + "\n" + std::string(message);
}

/// Signs one vector input (fields as in vectors/schema/iflytek-ws.schema.json).
inline Answer run_iflytek_ws(const Input& in) {
    const std::string to_sign = iflytek_ws_string_to_sign(in.text("key_id"), in.text("message"));
    Answer answer;
    answer.steps({{"string_to_sign", to_sign}});
    return answer.out("signature", to_hex(hmac_sha256(in.text("secret"), to_sign)));
}

inline const Scheme kIflytekWsScheme{kIflytekWsSchemeId, step_list(kIflytekWsSteps), run_iflytek_ws};

}  // namespace sigvec
