// Alibaba Cloud ACS3-HMAC-SHA256 (V3): TODO one line on what is signed (placeholder: HMAC-SHA256 over key_id and message).
// Header-only: schemes.cpp includes it (a translation unit without the JSON library).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "encoding.hpp"
#include "scheme.hpp"

namespace sigvec {

inline constexpr std::string_view kAliyunAcs3SchemeId = "aliyun-acs3";
inline constexpr std::array<std::string_view, 1> kAliyunAcs3Steps = {"string_to_sign"};

inline std::string aliyun_acs3_string_to_sign(std::string_view key_id, std::string_view message) {
    return std::string(key_id) + "\n" + std::string(message);
}

/// Signs one vector input (fields as in vectors/schema/aliyun-acs3.schema.json).
inline Answer run_aliyun_acs3(const Input& in) {
    const std::string to_sign = aliyun_acs3_string_to_sign(in.text("key_id"), in.text("message"));
    Answer answer;
    answer.steps({{"string_to_sign", to_sign}});
    return answer.out("signature", to_hex(hmac_sha256(in.text("secret"), to_sign)));
}

inline const Scheme kAliyunAcs3Scheme{kAliyunAcs3SchemeId, step_list(kAliyunAcs3Steps), run_aliyun_acs3};

}  // namespace sigvec
