// The sigvec line protocol (runner/PROTOCOL.md): one JSON request per stdin line, one JSON
// answer per stdout line. This file only maps protocol JSON to the scheme functions and back.
#include <openssl/crypto.h>
#include <openssl/opensslv.h>

#include <cstdint>
#include <exception>
#include <iostream>
#include <limits>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>

#include "aliyun_rpc.hpp"
#include "aws_sigv4.hpp"
#include "encoding.hpp"
#include "iflytek.hpp"
#include "tencent_tc3.hpp"
#include "aws_sigv4_streaming.hpp"
#include "aliyun_acs3.hpp"
#include "iflytek_ws.hpp"
// scaffold: includes

namespace {

using json = nlohmann::ordered_json;
using namespace sigvec;

constexpr int kProtocolVersion = 1;

// ---- input fields ------------------------------------------------------------------------

const json* find(const json& input, const char* name) {
    const auto it = input.find(name);
    return it == input.end() ? nullptr : &*it;
}

std::string need_string(const json& input, const char* name) {
    const json* value = find(input, name);
    if (value == nullptr) throw InputError(name, "required field is missing");
    if (!value->is_string()) throw InputError(name, "expected a string");
    return value->get<std::string>();
}

std::string opt_string(const json& input, const char* name, const std::string& fallback) {
    return find(input, name) == nullptr ? fallback : need_string(input, name);
}

bool opt_bool(const json& input, const char* name, bool fallback) {
    const json* value = find(input, name);
    if (value == nullptr) return fallback;
    if (!value->is_boolean()) throw InputError(name, "expected true or false");
    return value->get<bool>();
}

std::int64_t need_integer(const json& input, const char* name) {
    const json* value = find(input, name);
    if (value == nullptr) throw InputError(name, "required field is missing");
    if (value->is_number_unsigned()) {
        const auto v = value->get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            throw InputError(name, "out of range");
        }
        return static_cast<std::int64_t>(v);
    }
    if (!value->is_number_integer()) throw InputError(name, "expected an integer");
    return value->get<std::int64_t>();
}

std::int64_t opt_integer(const json& input, const char* name, std::int64_t fallback) {
    return find(input, name) == nullptr ? fallback : need_integer(input, name);
}

// ---- output ------------------------------------------------------------------------------

json steps_json(const Steps& steps) {
    json out = json::object();
    for (const auto& [name, value] : steps) out[name] = value;
    return out;
}

json headers_json(const Pairs& headers) {
    json out = json::object();
    for (const auto& [name, value] : headers) out[name] = value;
    return out;
}

template <std::size_t N>
json step_names(const std::array<std::string_view, N>& steps) {
    json out = json::array();
    for (const auto step : steps) out.push_back(std::string(step));
    return out;
}

// ---- schemes -----------------------------------------------------------------------------

json run_aws(const json& in, json& intermediates) {
    AwsRequest req;
    req.method = need_string(in, "method");
    req.path = need_string(in, "path");
    req.query = opt_string(in, "query", "");
    const json* headers = find(in, "headers");
    if (headers == nullptr || !headers->is_array()) throw InputError("headers", "expected an array");
    for (const json& pair : *headers) {
        if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
            throw InputError("headers", "expected [name, value] string pairs");
        }
        req.headers.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
    }
    if (find(in, "body_base64") != nullptr) {
        req.body = base64_decode(need_string(in, "body_base64"), "body_base64");
    } else {
        req.body = opt_string(in, "body", "");
    }
    req.access_key_id = need_string(in, "access_key_id");
    req.secret_access_key = need_string(in, "secret_access_key");
    req.session_token = opt_string(in, "session_token", "");
    req.omit_session_token = opt_bool(in, "omit_session_token", false);
    req.region = need_string(in, "region");
    req.service = need_string(in, "service");
    req.timestamp = need_string(in, "timestamp");
    req.normalize_path = opt_bool(in, "normalize_path", true);
    req.double_encode_path = opt_bool(in, "double_encode_path", true);
    req.sign_body = opt_bool(in, "sign_body", false);
    req.unsigned_payload = opt_bool(in, "unsigned_payload", false);
    const std::string location = opt_string(in, "signature_location", "header");
    if (location != "header" && location != "query") {
        throw InputError("signature_location", "expected 'header' or 'query'");
    }
    req.in_query = location == "query";
    req.expires_in = opt_integer(in, "expires_in", 3600);

    const AwsSigned signed_req = sign_aws(req);
    intermediates = steps_json(signed_req.steps);
    json out = {{"signature", signed_req.signature}};
    if (req.in_query) {
        out["signed_query"] = signed_req.signed_query;
    } else {
        out["authorization"] = signed_req.authorization;
    }
    out["headers"] = headers_json(signed_req.headers);
    return out;
}

json run_tencent(const json& in, json& intermediates) {
    TencentRequest req;
    req.secret_id = need_string(in, "secret_id");
    req.secret_key = need_string(in, "secret_key");
    req.service = need_string(in, "service");
    req.host = need_string(in, "host");
    req.action = need_string(in, "action");
    req.version = need_string(in, "version");
    req.timestamp = need_integer(in, "timestamp");
    req.method = need_string(in, "method");
    req.payload = need_string(in, "payload");
    req.query = need_string(in, "query");
    req.content_type = opt_string(in, "content_type", std::string(kTc3DefaultContentType));
    req.region = opt_string(in, "region", "");
    req.token = opt_string(in, "token", "");
    if (const json* names = find(in, "signed_headers")) {
        if (!names->is_array()) throw InputError("signed_headers", "expected an array of names");
        req.signed_headers.clear();
        for (const json& name : *names) {
            if (!name.is_string()) throw InputError("signed_headers", "expected an array of names");
            req.signed_headers.push_back(name.get<std::string>());
        }
    }
    const TencentSigned signed_req = sign_tencent(req);
    intermediates = steps_json(signed_req.steps);
    return {{"signature", signed_req.signature},
            {"authorization", signed_req.authorization},
            {"headers", headers_json(signed_req.headers)}};
}

json run_aliyun(const json& in, json& intermediates) {
    const std::string method = need_string(in, "method");
    const std::string secret = need_string(in, "access_key_secret");
    const json* params = find(in, "params");
    if (params == nullptr || !params->is_object()) throw InputError("params", "expected an object");
    AliyunParams map;
    for (const auto& [name, value] : params->items()) {
        if (!value.is_string()) throw InputError("params." + name, "expected a string");
        map[name] = value.get<std::string>();
    }
    const AliyunSigned signed_req = sign_aliyun_request(method, secret, map);
    intermediates = steps_json(signed_req.steps);
    return {{"signature", signed_req.signature}, {"signed_query", signed_req.signed_query}};
}

json run_iflytek(const json& in, json& intermediates) {
    const std::string app_id = need_string(in, "app_id");
    const std::string ts = need_string(in, "ts");
    const std::string app_secret = need_string(in, "app_secret");
    const IflytekSigned signed_req = sign_iflytek_request(app_id, ts, app_secret);
    intermediates = steps_json(signed_req.steps);
    return {{"signature", signed_req.signature},
            {"query", signed_req.query},
            {"headers", headers_json(signed_req.headers)}};
}

// ---- protocol ----------------------------------------------------------------------------

std::string implementation_version() {
    std::string version = "C++17";
#if defined(__clang__)
    version += " clang " __clang_version__;
#elif defined(__GNUC__)
    version += " g++ " __VERSION__;
#endif
    version += ", ";
    version += OpenSSL_version(OPENSSL_VERSION);
    return version;
}

json start_answer(const json& msg) {
    const json* version = find(msg, "version");
    if (version == nullptr || !version->is_number_integer() || version->get<long long>() != kProtocolVersion) {
        return {{"ready", false}, {"version", kProtocolVersion}};
    }
    return {{"ready", true},
            {"version", kProtocolVersion},
            {"pipeline", 64},
            {"implementation",
             {{"name", "sigvec-cpp"},
              {"language", "cpp"},
              {"version", implementation_version()},
              {"schemes",
               {
                   {"aws-sigv4", step_names(kAwsSteps)},
                   {"tencent-tc3", step_names(kTc3Steps)},
                   {"aliyun-rpc", step_names(kAliyunSteps)},
                   {"iflytek", step_names(kIflytekSteps)},
                   {"aws-sigv4-streaming", step_names(kAwsSigv4StreamingSteps)},
                   {"aliyun-acs3", step_names(kAliyunAcs3Steps)},
                   {"iflytek-ws", step_names(kIflytekWsSteps)},
                   // scaffold: steps
               }}}}};
}

json run_answer(const json& msg) {
    const json seq = msg.contains("seq") ? msg.at("seq") : json(nullptr);
    try {
        const std::string scheme = msg.value("scheme", std::string());
        const json* input = find(msg, "input");
        using Runner = json (*)(const json&, json&);
        Runner runner = nullptr;
        if (scheme == "aws-sigv4") runner = run_aws;
        if (scheme == "tencent-tc3") runner = run_tencent;
        if (scheme == "aliyun-rpc") runner = run_aliyun;
        if (scheme == "iflytek") runner = run_iflytek;
        if (scheme == "aws-sigv4-streaming") runner = run_aws_sigv4_streaming;
        if (scheme == "aliyun-acs3") runner = run_aliyun_acs3;
        if (scheme == "iflytek-ws") runner = run_iflytek_ws;
        // scaffold: dispatch
        if (runner == nullptr) {
            return {{"seq", seq}, {"skipped", true}, {"message", "scheme not supported: " + scheme}};
        }
        if (input == nullptr || !input->is_object()) throw InputError("input", "expected an object");
        json intermediates;
        json output = runner(*input, intermediates);
        json answer = {{"seq", seq}, {"intermediates", std::move(intermediates)}, {"output", std::move(output)}};
        (void)answer.dump();  // fails here, inside the try, if a value were not valid UTF-8
        return answer;
    } catch (const InputError& e) {
        return {{"seq", seq}, {"errored", true}, {"context", {{"message", std::string("input.") + e.what()}}}};
    } catch (const std::exception& e) {
        return {{"seq", seq}, {"errored", true}, {"context", {{"message", e.what()}}}};
    }
}

// For a line that is not valid JSON (e.g. a lone UTF-16 surrogate escape): its "seq", if one
// can be read, so that the runner gets an errored answer instead of waiting for a timeout.
std::optional<long long> salvage_seq(const std::string& line) {
    const std::size_t key = line.find("\"seq\"");
    if (key == std::string::npos) return std::nullopt;
    std::size_t i = line.find_first_not_of(" \t", key + 5);
    if (i == std::string::npos || line[i] != ':') return std::nullopt;
    i = line.find_first_not_of(" \t", i + 1);
    if (i == std::string::npos || line[i] < '0' || line[i] > '9') return std::nullopt;
    long long seq = 0;
    for (; i < line.size() && line[i] >= '0' && line[i] <= '9' && seq < 1000000000000LL; ++i) {
        seq = seq * 10 + (line[i] - '0');
    }
    return seq;
}

void send(const json& answer) {
    // Invalid UTF-8 cannot reach here (run_answer checks), but never let dump() throw.
    std::cout << answer.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    std::cout.flush();
}

}  // namespace

int main() {
    std::ios::sync_with_stdio(false);
    std::string line;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        json msg;
        try {
            msg = json::parse(line);
        } catch (const json::parse_error& e) {
            std::cerr << "sigvec-cpp: request is not JSON: " << e.what() << std::endl;
            if (const auto seq = salvage_seq(line)) {
                send({{"seq", *seq}, {"errored", true},
                      {"context", {{"message", std::string("request is not valid JSON: ") + e.what()}}}});
            }
            continue;
        }
        if (!msg.is_object()) {
            std::cerr << "sigvec-cpp: request is not a JSON object" << std::endl;
            continue;
        }
        const json* cmd_field = find(msg, "cmd");
        const std::string cmd = cmd_field != nullptr && cmd_field->is_string() ? cmd_field->get<std::string>() : std::string();
        if (cmd == "start") {
            send(start_answer(msg));
        } else if (cmd == "run") {
            send(run_answer(msg));
        } else if (cmd == "stop") {
            return 0;
        } else {
            std::cerr << "sigvec-cpp: unknown cmd '" << cmd << "'" << std::endl;
            if (msg.contains("seq")) {
                send({{"seq", msg["seq"]}, {"errored", true},
                      {"context", {{"message", "unknown cmd: " + cmd}}}});
            }
        }
    }
    return 0;
}
