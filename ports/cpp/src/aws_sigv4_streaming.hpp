// AWS SigV4 streaming (aws-chunked) upload: TODO one line on what is signed (placeholder: HMAC-SHA256 over key_id and message).
// Header-only: schemes.cpp includes it (a translation unit without the JSON library).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "encoding.hpp"
#include "scheme.hpp"

namespace sigvec {

inline constexpr std::string_view kAwsSigv4StreamingSchemeId = "aws-sigv4-streaming";
inline constexpr std::array<std::string_view, 1> kAwsSigv4StreamingSteps = {"string_to_sign"};

inline std::string aws_sigv4_streaming_string_to_sign(std::string_view key_id, std::string_view message) {
    return std::string(key_id) + "\n" + std::string(message);
}

/// Signs one vector input (fields as in vectors/schema/aws-sigv4-streaming.schema.json).
inline Answer run_aws_sigv4_streaming(const Input& in) {
    const std::string to_sign = aws_sigv4_streaming_string_to_sign(in.text("key_id"), in.text("message"));
    Answer answer;
    answer.steps({{"string_to_sign", to_sign}});
    return answer.out("signature", to_hex(hmac_sha256(in.text("secret"), to_sign)));
}

inline const Scheme kAwsSigv4StreamingScheme{kAwsSigv4StreamingSchemeId, step_list(kAwsSigv4StreamingSteps), run_aws_sigv4_streaming};

}  // namespace sigvec
