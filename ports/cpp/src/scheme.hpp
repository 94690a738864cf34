// What a scheme file gives the protocol entry point (main.cpp): its id, its steps, and a
// function from a vector's input fields to the signed answer. No JSON library here: main.cpp
// alone parses JSON (nlohmann/json is by far the slowest header to compile); the scheme files
// read their inputs through `Input`, and schemes.cpp lists them in a translation unit of its
// own, compiled in parallel with main.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "encoding.hpp"

namespace sigvec {

/// One vector's input object. Every accessor throws InputError naming the field when it is
/// missing (required ones) or of the wrong type; absent optional fields give the fallback.
class Input {
public:
    virtual ~Input() = default;
    virtual bool has(const char* name) const = 0;
    virtual std::string text(const char* name) const = 0;
    virtual bool flag(const char* name, bool fallback) const = 0;
    virtual std::int64_t integer(const char* name) const = 0;
    /// `[[name, value], ...]` (headers, trailers) in the order given.
    virtual Pairs pairs(const char* name) const = 0;
    /// `{name: value, ...}` of strings.
    virtual Pairs object(const char* name) const = 0;
    /// `[text, ...]`.
    virtual std::vector<std::string> texts(const char* name) const = 0;

    std::string text(const char* name, const std::string& fallback) const {
        return has(name) ? text(name) : fallback;
    }
    std::int64_t integer(const char* name, std::int64_t fallback) const {
        return has(name) ? integer(name) : fallback;
    }
    /// The payload: `body_base64` decoded (strictly) if given, else `body`'s UTF-8, else empty.
    std::string body() const {
        return has("body_base64") ? base64_decode(text("body_base64"), "body_base64") : text("body", "");
    }
};

/// An intermediate or output value: text, or a list of texts (one per chunk, for example).
/// A plain struct rather than std::variant, which costs every scheme file's compile time.
struct Value {
    Value(std::string text) : text(std::move(text)) {}
    Value(std::vector<std::string> list) : list(std::move(list)), is_list(true) {}
    std::string text;
    std::vector<std::string> list;
    bool is_list = false;
};
using Values = std::vector<std::pair<std::string, Value>>;

/// A scheme's answer to one vector.
struct Answer {
    Values intermediates;  ///< in the scheme's step order
    Values output;         ///< signature, authorization, query, ...
    Pairs headers;         ///< the headers the signer adds (output "headers")
    bool has_headers = false;

    Answer& steps(const Steps& steps) {
        for (const auto& [name, value] : steps) intermediates.emplace_back(name, value);
        return *this;
    }
    Answer& out(std::string name, Value value) {
        output.emplace_back(std::move(name), std::move(value));
        return *this;
    }
    Answer& add_headers(Pairs added) {
        headers = std::move(added);
        has_headers = true;
        return *this;
    }
};

/// One entry of main.cpp's scheme table.
struct Scheme {
    std::string_view id;
    std::vector<std::string_view> steps;
    Answer (*run)(const Input& input);
};

/// Every scheme this port signs (schemes.cpp).
const std::vector<const Scheme*>& all_schemes();

/// The step names of a `kXxxSteps` array, for a Scheme entry.
template <std::size_t N>
std::vector<std::string_view> step_list(const std::array<std::string_view, N>& steps) {
    return {steps.begin(), steps.end()};
}

}  // namespace sigvec
