// Alibaba Cloud ACS3-HMAC-SHA256 (V3): TODO one line on what is signed (placeholder: HMAC-SHA256 over key_id and message).
// Header-only: main.cpp includes it once.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "encoding.hpp"

namespace sigvec {

inline constexpr std::array<std::string_view, 1> kAliyunAcs3Steps = {"string_to_sign"};

inline std::string aliyun_acs3_string_to_sign(std::string_view key_id, std::string_view message) {
    return std::string(key_id) + "\n" + std::string(message);
}

inline std::string aliyun_acs3_text(const nlohmann::ordered_json& input, const char* name) {
    const auto it = input.find(name);
    if (it == input.end() || !it->is_string()) throw InputError(name, "expected a string");
    return it->get<std::string>();
}

/// Sign one vector input (fields as in vectors/schema/aliyun-acs3.schema.json): the output, with
/// the intermediates written to `intermediates`.
inline nlohmann::ordered_json run_aliyun_acs3(const nlohmann::ordered_json& input,
                                             nlohmann::ordered_json& intermediates) {
    const std::string to_sign =
        aliyun_acs3_string_to_sign(aliyun_acs3_text(input, "key_id"), aliyun_acs3_text(input, "message"));
    intermediates = {{"string_to_sign", to_sign}};
    return {{"signature", to_hex(hmac_sha256(aliyun_acs3_text(input, "secret"), to_sign))}};
}

}  // namespace sigvec
