#include "aliyun_rpc.hpp"

namespace sigvec {

std::string canonicalized_query_string(const AliyunParams& params) {
    std::string out;
    for (const auto& [name, value] : params) {
        if (!out.empty()) out += '&';
        out += percent_encode(name);
        out += '=';
        out += percent_encode(value);
    }
    return out;
}

std::string string_to_sign(std::string_view method, std::string_view canonicalized_query) {
    std::string out(method);
    out.append("&").append(percent_encode("/")).append("&").append(percent_encode(canonicalized_query));
    return out;
}

std::string signing_key(std::string_view access_key_secret) {
    return std::string(access_key_secret) + "&";
}

AliyunSigned sign_aliyun_request(std::string_view method, std::string_view access_key_secret,
                                 const AliyunParams& params) {
    const std::string canonical = canonicalized_query_string(params);
    const std::string to_sign = string_to_sign(method, canonical);
    const std::string digest = hmac_sha1(signing_key(access_key_secret), to_sign);
    AliyunSigned out;
    out.signature = base64_encode(digest);
    AliyunParams with_signature = params;
    with_signature["Signature"] = out.signature;
    out.signed_query = canonicalized_query_string(with_signature);
    out.steps = {
        {"canonicalized_query_string", canonical},
        {"string_to_sign", to_sign},
        {"hmac_sha1_hex", to_hex(digest)},
    };
    return out;
}

std::string sign_aliyun(std::string_view method, std::string_view access_key_secret,
                        const AliyunParams& params) {
    return sign_aliyun_request(method, access_key_secret, params).signature;
}

namespace {

Answer run_aliyun(const Input& in) {
    const std::string method = in.text("method");
    const std::string secret = in.text("access_key_secret");
    AliyunParams params;
    for (auto& [name, value] : in.object("params")) params[name] = std::move(value);
    const AliyunSigned signed_req = sign_aliyun_request(method, secret, params);
    Answer answer;
    answer.steps(signed_req.steps)
        .out("signature", signed_req.signature)
        .out("signed_query", signed_req.signed_query);
    return answer;
}

}  // namespace

const Scheme kAliyunRpcScheme{kAliyunSchemeId, step_list(kAliyunSteps), run_aliyun};

}  // namespace sigvec
