#include "encoding.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <climits>
#include <cstdint>
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

// Decodes one UTF-8 code point starting at text[i]; returns it and its length (1 for a byte
// that does not start a well-formed sequence, which then never counts as white space).
std::pair<std::uint32_t, std::size_t> decode_utf8(std::string_view text, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    std::size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > text.size()) return {0xFFFFFFFF, 1};
    std::uint32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(text[i + k]);
        if ((b & 0xC0) != 0x80) return {0xFFFFFFFF, 1};
        cp = (cp << 6) | (b & 0x3F);
    }
    return {cp, len};
}

// Python's str.isspace(): bidirectional class WS, B or S, or general category Zs.
bool is_py_space(std::uint32_t cp) {
    return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 ||
           cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

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
    std::size_t data_len = 0;
    while (data_len < text.size() && is_base64_alphabet(static_cast<unsigned char>(text[data_len]))) {
        ++data_len;
    }
    const std::size_t pads = text.size() - data_len;
    if (pads > 2 || text.find_first_not_of('=', data_len) != std::string_view::npos) {
        throw InputError(field, "expected standard base64 (only A-Z a-z 0-9 + / and '=' padding)");
    }
    switch (data_len % 4) {
        case 1:
            throw InputError(field, "expected standard base64 (number of data characters cannot be "
                                    "1 more than a multiple of 4)");
        case 2:
            if (pads != 2) throw InputError(field, "expected standard base64 (incorrect padding)");
            break;
        case 3:
            if (pads < 1) throw InputError(field, "expected standard base64 (incorrect padding)");
            break;
        default:
            break;  // complete groups; surplus '=' are ignored, as Python does
    }
    if (data_len > static_cast<std::size_t>(INT_MAX) - 4) throw InputError(field, "too large");
    std::string padded(text.substr(0, data_len));
    const std::size_t fill = (4 - data_len % 4) % 4;
    padded.append(fill, '=');
    std::string out(padded.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(padded.data()),
                                  static_cast<int>(padded.size()));
    if (n < 0) throw InputError(field, "expected standard base64");
    // EVP_DecodeBlock counts the padding as zero bytes; drop them.
    out.resize(static_cast<std::size_t>(n) - fill);
    return out;
}

std::string_view strip_whitespace(std::string_view text) {
    std::size_t begin = 0;
    while (begin < text.size()) {
        const auto [cp, len] = decode_utf8(text, begin);
        if (!is_py_space(cp)) break;
        begin += len;
    }
    std::size_t end = text.size();
    while (end > begin) {
        std::size_t start = end - 1;  // back up to the first byte of the last code point
        while (start > begin && end - start < 4 &&
               (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
            --start;
        }
        const auto [cp, len] = decode_utf8(text, start);
        if (start + len != end || !is_py_space(cp)) break;
        end = start;
    }
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
