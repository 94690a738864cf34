#include "iflytek.hpp"

namespace sigvec {

std::string base_string(std::string_view app_id, std::string_view ts) {
    return std::string(app_id) + std::string(ts);
}

std::string md5_hex(std::string_view base) { return to_hex(md5(base)); }

std::string hmac_sha1_digest(std::string_view app_secret, std::string_view md5_text) {
    return hmac_sha1(app_secret, md5_text);
}

std::string sign_iflytek(std::string_view app_id, std::string_view ts, std::string_view app_secret) {
    return base64_encode(hmac_sha1_digest(app_secret, md5_hex(base_string(app_id, ts))));
}

std::string iflytek_query(std::string_view app_id, std::string_view ts, std::string_view signature) {
    return "appid=" + percent_encode(app_id) + "&ts=" + percent_encode(ts) +
           "&signa=" + percent_encode(signature);
}

IflytekSigned sign_iflytek_request(std::string_view app_id, std::string_view ts,
                                   std::string_view app_secret) {
    const std::string base = base_string(app_id, ts);
    const std::string md5_text = md5_hex(base);
    const std::string digest = hmac_sha1_digest(app_secret, md5_text);
    IflytekSigned out;
    out.signature = base64_encode(digest);
    out.query = iflytek_query(app_id, ts, out.signature);
    out.headers = {
        {"X-App-Key", std::string(app_id)},
        {"X-Timestamp", std::string(ts)},
        {"X-App-Signature", out.signature},
    };
    out.steps = {{"base_string", base}, {"md5_hex", md5_text}, {"hmac_sha1_hex", to_hex(digest)}};
    return out;
}

namespace {

Answer run_iflytek(const Input& in) {
    IflytekSigned signed_req =
        sign_iflytek_request(in.text("app_id"), in.text("ts"), in.text("app_secret"));
    Answer answer;
    answer.steps(signed_req.steps)
        .out("signature", signed_req.signature)
        .out("query", signed_req.query);
    return answer.add_headers(std::move(signed_req.headers));
}

}  // namespace

const Scheme kIflytekScheme{kIflytekSchemeId, step_list(kIflytekSteps), run_iflytek};

}  // namespace sigvec
