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
#include <vector>

#include "scheme.hpp"

namespace {

using json = nlohmann::ordered_json;
using namespace sigvec;

constexpr int kProtocolVersion = 1;

const json* find(const json& input, const char* name) {
    const auto it = input.find(name);
    return it == input.end() ? nullptr : &*it;
}

// ---- input fields ------------------------------------------------------------------------

/// A vector's input object, read for the scheme files (scheme.hpp).
class JsonInput final : public Input {
public:
    explicit JsonInput(const json& input) : input_(input) {}

    bool has(const char* name) const override { return find(input_, name) != nullptr; }

    std::string text(const char* name) const override { return string_of(need(name), name); }

    bool flag(const char* name, bool fallback) const override {
        const json* value = find(input_, name);
        if (value == nullptr) return fallback;
        if (!value->is_boolean()) throw InputError(name, "expected true or false");
        return value->get<bool>();
    }

    std::int64_t integer(const char* name) const override {
        const json& value = need(name);
        if (value.is_number_unsigned()) {
            const auto v = value.get<std::uint64_t>();
            if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                throw InputError(name, "out of range");
            }
            return static_cast<std::int64_t>(v);
        }
        if (!value.is_number_integer()) throw InputError(name, "expected an integer");
        return value.get<std::int64_t>();
    }

    Pairs pairs(const char* name) const override {
        const json& list = need(name);
        if (!list.is_array()) throw InputError(name, "expected an array of [name, value] pairs");
        Pairs out;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const json& pair = list[i];
            if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
                throw InputError(std::string(name) + "[" + std::to_string(i) + "]",
                                 "expected a [name, value] pair of strings");
            }
            out.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
        }
        return out;
    }

    Pairs object(const char* name) const override {
        const json& map = need(name);
        if (!map.is_object()) throw InputError(name, "expected an object");
        Pairs out;
        for (const auto& [key, value] : map.items()) {
            out.emplace_back(key, string_of(value, std::string(name) + "." + key));
        }
        return out;
    }

    std::vector<std::string> texts(const char* name) const override {
        const json& list = need(name);
        if (!list.is_array()) throw InputError(name, "expected an array of strings");
        std::vector<std::string> out;
        for (const json& item : list) out.push_back(string_of(item, name));
        return out;
    }

private:
    const json& need(const char* name) const {
        const json* value = find(input_, name);
        if (value == nullptr) throw InputError(name, "required field is missing");
        return *value;
    }

    static std::string string_of(const json& value, const std::string& field) {
        if (!value.is_string()) throw InputError(field, "expected a string");
        return value.get<std::string>();
    }

    const json& input_;
};

// ---- output ------------------------------------------------------------------------------

json values_json(const Values& values) {
    json out = json::object();
    for (const auto& [name, value] : values) {
        out[name] = value.is_list ? json(value.list) : json(value.text);
    }
    return out;
}

json headers_json(const Pairs& headers) {
    json out = json::object();
    for (const auto& [name, value] : headers) out[name] = value;
    return out;
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
    json schemes = json::object();
    for (const Scheme* scheme : all_schemes()) {
        json steps = json::array();
        for (const std::string_view step : scheme->steps) steps.push_back(std::string(step));
        schemes[std::string(scheme->id)] = std::move(steps);
    }
    return {{"ready", true},
            {"version", kProtocolVersion},
            {"pipeline", 64},
            {"implementation",
             {{"name", "sigvec-cpp"},
              {"language", "cpp"},
              {"version", implementation_version()},
              {"schemes", schemes}}}};
}

json run_answer(const json& msg) {
    const json seq = msg.contains("seq") ? msg.at("seq") : json(nullptr);
    try {
        const std::string scheme = msg.value("scheme", std::string());
        const json* input = find(msg, "input");
        const Scheme* runner = nullptr;
        for (const Scheme* entry : all_schemes()) {
            if (entry->id == scheme) runner = entry;
        }
        if (runner == nullptr) {
            return {{"seq", seq}, {"skipped", true}, {"message", "scheme not supported: " + scheme}};
        }
        if (input == nullptr || !input->is_object()) throw InputError("input", "expected an object");
        const Answer signed_answer = runner->run(JsonInput(*input));
        json output = values_json(signed_answer.output);
        if (signed_answer.has_headers) output["headers"] = headers_json(signed_answer.headers);
        json answer = {{"seq", seq},
                       {"intermediates", values_json(signed_answer.intermediates)},
                       {"output", std::move(output)}};
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
