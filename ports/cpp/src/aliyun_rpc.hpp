// Alibaba Cloud RPC signature 1.0: HMAC-SHA1 over METHOD&%2F&encode(canonicalized query).
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>

#include "encoding.hpp"
#include "scheme.hpp"

namespace sigvec {

inline constexpr std::string_view kAliyunSchemeId = "aliyun-rpc";
inline constexpr std::array<std::string_view, 3> kAliyunSteps = {
    "canonicalized_query_string", "string_to_sign", "hmac_sha1_hex"};

/// Request parameters, name -> value. std::map keeps them sorted by name as UTF-8 bytes (code
/// point order, upper case before lower case), which is the order the signature needs.
using AliyunParams = std::map<std::string, std::string>;

/// name=value pairs, both RFC 3986 percent-encoded, joined with '&', sorted by name.
std::string canonicalized_query_string(const AliyunParams& params);

/// The canonical string is percent-encoded a SECOND time, so %3A becomes %253A.
std::string string_to_sign(std::string_view method, std::string_view canonicalized_query);

/// The HMAC key is the secret followed by '&', as raw UTF-8 bytes.
std::string signing_key(std::string_view access_key_secret);

/// base64(HMAC-SHA1(access_key_secret + "&", string_to_sign)).
std::string sign_aliyun(std::string_view method, std::string_view access_key_secret,
                        const AliyunParams& params);

struct AliyunSigned {
    std::string signature;     ///< base64
    std::string signed_query;  ///< the parameters with Signature, re-sorted and encoded
    Steps steps;               ///< intermediates, in kAliyunSteps order
};

AliyunSigned sign_aliyun_request(std::string_view method, std::string_view access_key_secret,
                                 const AliyunParams& params);

/// The protocol entry: reads a vector input (vectors/schema/aliyun-rpc.schema.json) and signs it.
extern const Scheme kAliyunRpcScheme;

}  // namespace sigvec
