#include "encoding.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <climits>
#include <memory>

namespace sigvec {
namespace {

struct MdDeleter {
    void operator()(EVP_MD* p) const noexcept { EVP_MD_free(p); }
};
struct MacDeleter {
    void operator()(EVP_MAC* p) const noexcept { EVP_MAC_free(p); }
};
struct MacCtxDeleter {
    void operator()(EVP_MAC_CTX* p) const noexcept { EVP_MAC_CTX_free(p); }
};
using MdPtr = std::unique_ptr<EVP_MD, MdDeleter>;
using MacPtr = std::unique_ptr<EVP_MAC, MacDeleter>;
using MacCtxPtr = std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter>;

constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kHexLower[] = "0123456789abcdef";

bool is_unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c == '~';
}

int hex_value(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

const EVP_MD* fetch_md(const char* name) {
    // Fetched once per algorithm and kept for the life of the process.
    static MdPtr md5_md(EVP_MD_fetch(nullptr, "MD5", nullptr));
    static MdPtr sha256_md(EVP_MD_fetch(nullptr, "SHA256", nullptr));
    const EVP_MD* md = std::string_view(name) == "MD5" ? md5_md.get() : sha256_md.get();
    if (md == nullptr) throw std::runtime_error(std::string("OpenSSL: digest unavailable: ") + name);
    return md;
}

std::string digest(const char* name, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), out, &len, fetch_md(name), nullptr) != 1) {
        throw std::runtime_error(std::string("OpenSSL: EVP_Digest failed for ") + name);
    }
    return std::string(reinterpret_cast<const char*>(out), len);
}

std::string hmac(const char* digest_name, std::string_view key, std::string_view message) {
    static MacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    if (!mac) throw std::runtime_error("OpenSSL: HMAC unavailable");
    MacCtxPtr ctx(EVP_MAC_CTX_new(mac.get()));
    if (!ctx) throw std::runtime_error("OpenSSL: EVP_MAC_CTX_new failed");
    std::string name(digest_name);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, name.data(), 0),
        OSSL_PARAM_construct_end(),
    };
    // A non-null pointer even for an empty key: a null key means "keep the previous key".
    static const unsigned char empty = 0;
    const auto* key_bytes =
        key.empty() ? &empty : reinterpret_cast<const unsigned char*>(key.data());
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t len = 0;
    if (EVP_MAC_init(ctx.get(), key_bytes, key.size(), params) != 1 ||
        EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1 ||
        EVP_MAC_final(ctx.get(), out, &len, sizeof out) != 1) {
        throw std::runtime_error("OpenSSL: HMAC-" + name + " failed");
    }
    return std::string(reinterpret_cast<const char*>(out), len);
}

bool is_base64_alphabet(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '+' || c == '/';
}

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string percent_encode(std::string_view data, std::string_view keep) {
    std::string out;
    out.reserve(data.size() * 3);
    for (const char ch : data) {
        const auto c = static_cast<unsigned char>(ch);
        if (is_unreserved(c) || keep.find(ch) != std::string_view::npos) {
            out += ch;
        } else {
            out += '%';
            out += kHexUpper[c >> 4];
            out += kHexUpper[c & 0x0F];
        }
    }
    return out;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
            hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string to_hex(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        out += kHexLower[c >> 4];
        out += kHexLower[c & 0x0F];
    }
    return out;
}

std::string md5(std::string_view data) { return digest("MD5", data); }
std::string sha256(std::string_view data) { return digest("SHA256", data); }
std::string sha256_hex(std::string_view data) { return to_hex(sha256(data)); }

std::string hmac_sha256(std::string_view key, std::string_view message) {
    return hmac("SHA256", key, message);
}
std::string hmac_sha1(std::string_view key, std::string_view message) {
    return hmac("SHA1", key, message);
}

std::string base64_encode(std::string_view bytes) {
    if (bytes.size() > static_cast<std::size_t>(INT_MAX / 4 * 3)) {
        throw std::length_error("base64_encode: input too large");
    }
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()),
                                  static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string base64_decode(std::string_view text, const std::string& field) {
    const auto invalid = [&](const std::string& why) {
        return InputError(field, "expected standard base64 (" + why + ")");
    };
    std::size_t data_len = 0;
    while (data_len < text.size() && is_base64_alphabet(static_cast<unsigned char>(text[data_len]))) {
        ++data_len;
    }
    const std::string_view padding = text.substr(data_len);
    if (padding.find_first_not_of('=') != std::string_view::npos) {
        throw invalid("only A-Z a-z 0-9 + / and trailing '=' padding are allowed");
    }
    if (data_len == 0 && !padding.empty()) throw invalid("leading padding not allowed");
    switch (data_len % 4) {
        case 1:
            throw invalid("number of data characters cannot be 1 more than a multiple of 4");
        case 2:
            if (padding.size() != 2) throw invalid(padding.size() < 2 ? "incorrect padding" : "excess data after padding");
            break;
        case 3:
            if (padding.size() != 1) throw invalid(padding.empty() ? "incorrect padding" : "excess data after padding");
            break;
        default:
            break;  // complete groups: surplus '=' are ignored
    }
    if (data_len > static_cast<std::size_t>(INT_MAX) - 4) throw invalid("too large");
    std::string padded(text.substr(0, data_len));
    const std::size_t fill = (4 - data_len % 4) % 4;
    padded.append(fill, '=');
    std::string out(padded.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(padded.data()),
                                  static_cast<int>(padded.size()));
    if (n < 0) throw invalid("undecodable");
    // EVP_DecodeBlock counts the padding as zero bytes; drop them.
    out.resize(static_cast<std::size_t>(n) - fill);
    return out;
}

std::string_view ascii_strip(std::string_view text) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && is_ascii_space(text[begin])) ++begin;
    while (end > begin && is_ascii_space(text[end - 1])) --end;
    return text.substr(begin, end - begin);
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& ch : out) {
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    return out;
}

}  // namespace sigvec
