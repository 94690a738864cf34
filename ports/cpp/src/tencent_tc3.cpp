#include "tencent_tc3.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace sigvec {

std::map<std::string, std::string> header_values(const TencentRequest& req) {
    std::map<std::string, std::string> values = {
        {"content-type", req.content_type},
        {"host", req.host},
        {"x-tc-action", req.action},
        {"x-tc-timestamp", std::to_string(req.timestamp)},
        {"x-tc-version", req.version},
    };
    if (!req.region.empty()) values["x-tc-region"] = req.region;
    if (!req.token.empty()) values["x-tc-token"] = req.token;
    return values;
}

std::string canonical_headers(const std::vector<std::string>& names,
                              const std::map<std::string, std::string>& values) {
    std::string out;
    for (const std::string& name : names) {
        out += name;
        out += ':';
        out += ascii_lower(ascii_strip(values.at(name)));
        out += '\n';
    }
    return out;
}

std::string canonical_request(std::string_view method, std::string_view query,
                              std::string_view canonical_headers, std::string_view signed_headers,
                              std::string_view payload_hash) {
    std::string out(method);
    out.append("\n/\n").append(query);
    out.append("\n").append(canonical_headers);
    out.append("\n").append(signed_headers);
    out.append("\n").append(payload_hash);
    return out;
}

std::string utc_date(std::int64_t timestamp) {
    const std::time_t t = static_cast<std::time_t>(timestamp);
    std::tm tm{};
    if (gmtime_r(&t, &tm) == nullptr) throw InputError("timestamp", "out of range");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return buf;
}

std::string credential_scope(std::string_view date, std::string_view service) {
    std::string out(date);
    out.append("/").append(service).append("/tc3_request");
    return out;
}

std::array<std::string, 3> signing_keys(std::string_view secret_key, std::string_view date,
                                        std::string_view service) {
    std::string secret_date = hmac_sha256("TC3" + std::string(secret_key), date);
    std::string secret_service = hmac_sha256(secret_date, service);
    std::string secret_signing = hmac_sha256(secret_service, "tc3_request");
    return {std::move(secret_date), std::move(secret_service), std::move(secret_signing)};
}

TencentSigned sign_tencent(const TencentRequest& req) {
    if (req.timestamp < 0 || req.timestamp > 253402300799LL) {
        throw InputError("timestamp", "must be UNIX seconds between 0 and 253402300799");
    }
    const auto values = header_values(req);
    std::vector<std::string> names = req.signed_headers;
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
        if (values.count(name) == 0) {
            throw InputError("signed_headers", "names '" + name + "', but the input has no value");
        }
    }
    const std::string payload_hash = sha256_hex(req.payload);
    const std::string headers = canonical_headers(names, values);
    std::string signed_names;
    for (const std::string& name : names) {
        if (!signed_names.empty()) signed_names += ';';
        signed_names += name;
    }
    const std::string creq = canonical_request(req.method, req.query, headers, signed_names, payload_hash);
    const std::string date = utc_date(req.timestamp);
    const std::string scope = credential_scope(date, req.service);
    const std::string creq_hash = sha256_hex(creq);
    const std::string timestamp = std::to_string(req.timestamp);
    const std::string to_sign =
        std::string(kTc3Algorithm) + "\n" + timestamp + "\n" + scope + "\n" + creq_hash;
    const auto keys = signing_keys(req.secret_key, date, req.service);

    TencentSigned out;
    out.signature = to_hex(hmac_sha256(keys[2], to_sign));
    out.authorization = std::string(kTc3Algorithm) + " Credential=" + req.secret_id + "/" + scope +
                        ", SignedHeaders=" + signed_names + ", Signature=" + out.signature;
    out.headers = {
        {"Authorization", out.authorization},
        {"Content-Type", req.content_type},
        {"Host", req.host},
        {"X-TC-Action", req.action},
        {"X-TC-Timestamp", timestamp},
        {"X-TC-Version", req.version},
    };
    if (!req.region.empty()) out.headers.emplace_back("X-TC-Region", req.region);
    if (!req.token.empty()) out.headers.emplace_back("X-TC-Token", req.token);
    out.steps = {
        {"hashed_request_payload", payload_hash},
        {"canonical_headers", headers},
        {"signed_headers", signed_names},
        {"canonical_request", creq},
        {"date", date},
        {"credential_scope", scope},
        {"hashed_canonical_request", creq_hash},
        {"string_to_sign", to_sign},
        {"secret_date_hex", to_hex(keys[0])},
        {"secret_service_hex", to_hex(keys[1])},
        {"secret_signing_hex", to_hex(keys[2])},
    };
    return out;
}

namespace {

Answer run_tencent(const Input& in) {
    TencentRequest req;
    req.secret_id = in.text("secret_id");
    req.secret_key = in.text("secret_key");
    req.service = in.text("service");
    req.host = in.text("host");
    req.action = in.text("action");
    req.version = in.text("version");
    req.timestamp = in.integer("timestamp");
    req.method = in.text("method");
    req.payload = in.text("payload");
    req.query = in.text("query");
    req.content_type = in.text("content_type", std::string(kTc3DefaultContentType));
    req.region = in.text("region", "");
    req.token = in.text("token", "");
    if (in.has("signed_headers")) req.signed_headers = in.texts("signed_headers");
    TencentSigned signed_req = sign_tencent(req);
    Answer answer;
    answer.steps(signed_req.steps)
        .out("signature", signed_req.signature)
        .out("authorization", signed_req.authorization);
    return answer.add_headers(std::move(signed_req.headers));
}

}  // namespace

const Scheme kTencentTc3Scheme{kTc3SchemeId, step_list(kTc3Steps), run_tencent};

}  // namespace sigvec
