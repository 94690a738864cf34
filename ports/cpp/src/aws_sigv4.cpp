#include "aws_sigv4.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace sigvec {
namespace {

// Headers the signer sets itself; a caller who also sent them would sign a stale copy.
constexpr std::array<std::string_view, 4> kSignerHeaders = {
    "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "authorization"};

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t pos = text.find(sep, start);
        parts.push_back(text.substr(start, pos == std::string_view::npos ? pos : pos - start));
        if (pos == std::string_view::npos) return parts;
        start = pos + 1;
    }
}

// Replaces each run of space, tab, CR or LF by one space (folded header lines included).
std::string fold_whitespace(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    bool in_run = false;
    for (const char ch : value) {
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
            if (!in_run) out += ' ';
            in_run = true;
        } else {
            out += ch;
            in_run = false;
        }
    }
    return out;
}

bool all_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
    int v = 0;
    for (const char c : s) v = v * 10 + (c - '0');
    return v;
}

}  // namespace

std::string canonical_header_name(std::string_view name) { return ascii_lower(ascii_strip(name)); }

std::string normalize_path(std::string_view path) {
    if (path.empty()) return "/";
    std::vector<std::string_view> segments;
    for (const std::string_view segment : split(path, '/')) {
        if (segment.empty() || segment == ".") continue;
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
        } else {
            segments.push_back(segment);
        }
    }
    std::string out = path.front() == '/' ? "/" : "";
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (i > 0) out += '/';
        out += segments[i];
    }
    if (path.back() == '/' && !segments.empty()) out += '/';
    return out;
}

std::string canonical_uri(std::string_view path, bool normalize, bool double_encode) {
    std::string p = normalize ? normalize_path(path) : std::string(path);
    if (p.empty()) p = "/";
    return percent_encode(p, double_encode ? "/" : "/%");
}

std::string canonical_query_string(std::string_view query, const Pairs& extra) {
    Pairs pairs;
    if (!query.empty()) {
        for (const std::string_view part : split(query, '&')) {
            if (part.empty()) continue;
            const std::size_t eq = part.find('=');
            const std::string_view key = part.substr(0, eq);
            const std::string_view value =
                eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
            pairs.emplace_back(percent_encode(percent_decode(key)),
                               percent_encode(percent_decode(value)));
        }
    }
    for (const auto& [key, value] : extra) {
        pairs.emplace_back(percent_encode(key), percent_encode(value));
    }
    std::sort(pairs.begin(), pairs.end());  // by key, then value; all ASCII after encoding
    std::string out;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        if (i > 0) out += '&';
        out += pairs[i].first;
        out += '=';
        out += pairs[i].second;
    }
    return out;
}

CanonicalHeaders canonical_headers(const Pairs& headers) {
    // std::map orders std::string keys by unsigned byte value, i.e. by code point.
    std::map<std::string, std::vector<std::string>> merged;
    for (const auto& [name, value] : headers) {
        merged[canonical_header_name(name)].emplace_back(ascii_strip(fold_whitespace(value)));
    }
    CanonicalHeaders result;
    for (const auto& [name, values] : merged) {
        result.canonical += name;
        result.canonical += ':';
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i > 0) result.canonical += ',';
            result.canonical += values[i];
        }
        result.canonical += '\n';
        if (!result.signed_headers.empty()) result.signed_headers += ';';
        result.signed_headers += name;
    }
    return result;
}

std::string credential_scope(std::string_view date, std::string_view region, std::string_view service) {
    std::string out(date);
    out.append("/").append(region).append("/").append(service).append("/aws4_request");
    return out;
}

std::string canonical_request(std::string_view method, std::string_view canonical_uri,
                              std::string_view canonical_query, std::string_view canonical_headers,
                              std::string_view signed_headers, std::string_view payload_hash) {
    // canonical_headers ends in '\n' itself, so a blank line separates it from signed_headers.
    std::string out(method);
    out.append("\n").append(canonical_uri);
    out.append("\n").append(canonical_query);
    out.append("\n").append(canonical_headers);
    out.append("\n").append(signed_headers);
    out.append("\n").append(payload_hash);
    return out;
}

std::string string_to_sign(std::string_view timestamp, std::string_view scope,
                           std::string_view hashed_canonical_request) {
    std::string out(kAwsAlgorithm);
    out.append("\n").append(timestamp);
    out.append("\n").append(scope);
    out.append("\n").append(hashed_canonical_request);
    return out;
}

AwsStringToSign aws_string_to_sign(std::string_view method, std::string canonical_uri,
                                   std::string canonical_query, CanonicalHeaders headers,
                                   std::string payload_hash, std::string_view timestamp,
                                   std::string scope) {
    AwsStringToSign out{std::move(canonical_uri), std::move(canonical_query), std::move(headers),
                        std::move(payload_hash), std::move(scope), {}, {}, {}};
    out.canonical_request = canonical_request(method, out.canonical_uri, out.canonical_query,
                                              out.headers.canonical, out.headers.signed_headers,
                                              out.payload_hash);
    out.hashed_canonical_request = sha256_hex(out.canonical_request);
    out.string_to_sign = string_to_sign(timestamp, out.scope, out.hashed_canonical_request);
    return out;
}

Steps AwsStringToSign::steps() const {
    return {
        {"canonical_uri", canonical_uri},
        {"canonical_query_string", canonical_query},
        {"canonical_headers", headers.canonical},
        {"signed_headers", headers.signed_headers},
        {"hashed_payload", payload_hash},
        {"canonical_request", canonical_request},
        {"credential_scope", scope},
        {"hashed_canonical_request", hashed_canonical_request},
        {"string_to_sign", string_to_sign},
    };
}

std::array<std::string, 4> signing_keys(std::string_view secret, std::string_view date,
                                        std::string_view region, std::string_view service) {
    std::string k_date = hmac_sha256("AWS4" + std::string(secret), date);
    std::string k_region = hmac_sha256(k_date, region);
    std::string k_service = hmac_sha256(k_region, service);
    std::string k_signing = hmac_sha256(k_service, "aws4_request");
    return {std::move(k_date), std::move(k_region), std::move(k_service), std::move(k_signing)};
}

std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service) {
    return signing_keys(secret, date, region, service)[3];
}

std::string aws_authorization(std::string_view access_key_id, std::string_view scope,
                              std::string_view signed_headers, std::string_view signature) {
    std::string out(kAwsAlgorithm);
    out.append(" Credential=").append(access_key_id).append("/").append(scope);
    out.append(", SignedHeaders=").append(signed_headers);
    out.append(", Signature=").append(signature);
    return out;
}

void check_timestamp(std::string_view stamp) {
    const auto fail = [&] {
        throw InputError("timestamp",
                         "'" + std::string(stamp) + "' is not a real YYYYMMDDTHHMMSSZ time");
    };
    if (stamp.size() != 16 || stamp[8] != 'T' || stamp[15] != 'Z' ||
        !all_digits(stamp.substr(0, 8)) || !all_digits(stamp.substr(9, 6))) {
        fail();
    }
    const int year = to_int(stamp.substr(0, 4));
    const int month = to_int(stamp.substr(4, 2));
    const int day = to_int(stamp.substr(6, 2));
    const int hour = to_int(stamp.substr(9, 2));
    const int minute = to_int(stamp.substr(11, 2));
    const int second = to_int(stamp.substr(13, 2));
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (year < 1 || month < 1 || month > 12 || day < 1 ||
        day > kDays[month - 1] + (month == 2 && leap ? 1 : 0) || hour > 23 || minute > 59 ||
        second > 59) {
        fail();
    }
}

AwsSigned sign_aws(const AwsRequest& req) {
    const std::string& stamp = req.timestamp;
    check_timestamp(stamp);
    for (const auto& [name, value] : req.headers) {
        const std::string lower = canonical_header_name(name);
        if (std::find(kSignerHeaders.begin(), kSignerHeaders.end(), lower) != kSignerHeaders.end()) {
            throw InputError("headers", "'" + name + "' is set by the signer; leave it out of headers");
        }
    }
    const std::string& token = req.session_token;
    const bool sign_token = !token.empty() && !req.omit_session_token;
    const std::string payload_hash =
        req.unsigned_payload ? std::string(kUnsignedPayload) : sha256_hex(req.body);
    const std::string date = stamp.substr(0, 8);
    const std::string scope = credential_scope(date, req.region, req.service);

    // Header form: the signer's own headers, all signed except an omitted session token.
    Pairs added;
    if (!req.in_query) {
        added.emplace_back("X-Amz-Date", stamp);
        if (!token.empty()) added.emplace_back("X-Amz-Security-Token", token);
        if (req.sign_body) added.emplace_back("x-amz-content-sha256", payload_hash);
    }
    Pairs to_canonicalize = req.headers;
    for (const auto& header : added) {
        if (header.first != "X-Amz-Security-Token" || sign_token) to_canonicalize.push_back(header);
    }
    const CanonicalHeaders canon_headers = canonical_headers(to_canonicalize);

    // Query form: the X-Amz-* parameters are part of the canonical query.
    Pairs extra;
    if (req.in_query) {
        extra = {
            {"X-Amz-Algorithm", std::string(kAwsAlgorithm)},
            {"X-Amz-Credential", req.access_key_id + "/" + scope},
            {"X-Amz-Date", stamp},
            {"X-Amz-Expires", std::to_string(req.expires_in)},
            {"X-Amz-SignedHeaders", canon_headers.signed_headers},
        };
        if (sign_token) extra.emplace_back("X-Amz-Security-Token", token);
    }
    const AwsStringToSign signed_req = aws_string_to_sign(
        req.method, canonical_uri(req.path, req.normalize_path, req.double_encode_path),
        canonical_query_string(req.query, extra), canon_headers, payload_hash, stamp, scope);
    const auto keys = signing_keys(req.secret_access_key, date, req.region, req.service);

    AwsSigned out;
    out.signature = to_hex(hmac_sha256(keys[3], signed_req.string_to_sign));
    if (req.in_query) {
        out.signed_query = signed_req.canonical_query + "&X-Amz-Signature=" + out.signature;
        // An unsigned token (omit_session_token) rides along after the signature.
        if (!token.empty() && !sign_token) {
            out.signed_query += "&X-Amz-Security-Token=" + percent_encode(token);
        }
    } else {
        out.authorization =
            aws_authorization(req.access_key_id, scope, canon_headers.signed_headers, out.signature);
        added.emplace_back("Authorization", out.authorization);
    }
    out.headers = std::move(added);
    out.steps = signed_req.steps();
    out.steps.insert(out.steps.end(), {
        {"k_date_hex", to_hex(keys[0])},
        {"k_region_hex", to_hex(keys[1])},
        {"k_service_hex", to_hex(keys[2])},
        {"k_signing_hex", to_hex(keys[3])},
    });
    return out;
}

namespace {

Answer run_aws(const Input& in) {
    AwsRequest req;
    req.method = in.text("method");
    req.path = in.text("path");
    req.query = in.text("query", "");
    req.headers = in.pairs("headers");
    req.body = in.body();
    req.access_key_id = in.text("access_key_id");
    req.secret_access_key = in.text("secret_access_key");
    req.session_token = in.text("session_token", "");
    req.omit_session_token = in.flag("omit_session_token", false);
    req.region = in.text("region");
    req.service = in.text("service");
    req.timestamp = in.text("timestamp");
    req.normalize_path = in.flag("normalize_path", true);
    req.double_encode_path = in.flag("double_encode_path", true);
    req.sign_body = in.flag("sign_body", false);
    req.unsigned_payload = in.flag("unsigned_payload", false);
    const std::string location = in.text("signature_location", "header");
    if (location != "header" && location != "query") {
        throw InputError("signature_location", "expected 'header' or 'query'");
    }
    req.in_query = location == "query";
    req.expires_in = in.integer("expires_in", 3600);

    AwsSigned signed_req = sign_aws(req);
    Answer answer;
    answer.steps(signed_req.steps).out("signature", signed_req.signature);
    if (req.in_query) {
        answer.out("signed_query", signed_req.signed_query);
    } else {
        answer.out("authorization", signed_req.authorization);
    }
    return answer.add_headers(std::move(signed_req.headers));
}

}  // namespace

const Scheme kAwsSigV4Scheme{kAwsSchemeId, step_list(kAwsSteps), run_aws};

}  // namespace sigvec
