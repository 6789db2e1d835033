// Pre-parse checks on untrusted plist bytes (SPEC §9); see plist_guard.h.
//
// Everything here runs before libplist 2.2 sees a byte, is a single forward
// pass over the input, and turns each input libplist would crash, abort or
// stall on into a one-line message. Binary structure checks live in
// bplist_validate.cc.

#include "core/plist_guard.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace lc::plist {
namespace {

using Error = std::optional<std::string>;
constexpr auto npos = std::string_view::npos;

// libplist 2.2 finds each new XML dict key by a linear search, and past 500
// keys in a hash table of 4096 fixed buckets whose chains colliding keys make
// just as linear: 20,000 colliding keys in 1 MiB take seconds to parse.
// launchd dicts have tens of keys.
constexpr unsigned kMaxDictKeys = 1000;

// The whitespace libplist 2.2's XML parser skips between elements.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

size_t skip_space(std::string_view s, size_t p) {
  while (p < s.size() && is_space(s[p])) ++p;
  return p;
}

// For messages: the first bytes of a file, with anything unprintable escaped,
// so that a message stays one line.
std::string printable(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F && c != '\\' && c != '\'') out += c;
    else out += fmt::format("\\x{:02x}", u);
  }
  return out;
}

// Encodings libplist cannot read at all. A BOM-less UTF-16/32 file shows up
// as NUL bytes next to the leading '<'; naming the encoding beats "NUL byte".
Error check_encoding(std::string_view s) {
  const auto starts = [&](std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; };
  using namespace std::string_view_literals;
  if (starts("\xFF\xFE\0\0"sv) || starts("\0\0\xFE\xFF"sv) || starts("<\0\0\0"sv) ||
      starts("\0\0\0<"sv))
    return "UTF-32 encoded plists are not supported";
  if (starts("\xFF\xFE"sv) || starts("\xFE\xFF"sv) || starts("<\0"sv) || starts("\0<"sv))
    return "UTF-16 encoded plists are not supported";
  return std::nullopt;
}

// A quoted key followed by ':' tells JSON from OpenStep, whose dicts use '='.
bool looks_like_json(std::string_view s, size_t first) {
  if (s[first] == '[') return true;
  if (s[first] != '{') return false;
  const size_t q = skip_space(s, first + 1);
  if (q >= s.size() || s[q] != '"') return false;
  for (size_t p = s.find('"', q + 1); p != npos; p = s.find('"', p + 1)) {
    const size_t c = skip_space(s, p + 1);
    if (c < s.size() && s[c] == ':') return true;
  }
  return false;
}

// A byte set for the tokenizer's inner loops, which run once per byte.
class CharSet {
 public:
  constexpr explicit CharSet(std::string_view chars) {
    for (char c : chars) has_[static_cast<unsigned char>(c)] = true;
  }
  constexpr bool operator()(char c) const { return has_[static_cast<unsigned char>(c)]; }

 private:
  std::array<bool, 256> has_{};
};

// libplist's stop characters: tag names, tag ends, DOCTYPE tokens.
constexpr CharSet kNameEnd(" \r\n\t<>");
constexpr CharSet kTagEnd("<>");
constexpr CharSet kDoctypeStop(" \t\r\n[>");

// Counts open <array>/<dict> elements, and the keys of each open dict, the
// way libplist 2.2's xplist.c tokenizes, so that whatever it skips (comments,
// CDATA, processing instructions, DOCTYPE, quoted attribute values) is
// skipped here too and nothing it parses as a tag is skipped here. Where libplist would stop with a
// syntax error, this scan may stop too: nothing after that point is parsed.
// Deviations are only ever towards seeing more tags than libplist does.
class XmlNestingScan {
 public:
  XmlNestingScan(std::string_view s, int max_depth) : s_(s), max_depth_(max_depth) {}
  Error run();

 private:
  size_t skip_quote(size_t p) const { return s_.find('"', p + 1); }
  size_t find_any(size_t p, const CharSet& stops, bool quotes) const;
  size_t find_str(size_t p, std::string_view needle, bool quotes) const;
  size_t end_of_doctype(size_t p) const;
  size_t end_of_markup(size_t q) const;  // q just after '<'; returns the next scan position
  Error count_tag(std::string_view name, bool empty, size_t at);

  struct Open {
    bool dict;
    unsigned keys;
    size_t at;  // offset of the '<', for messages
  };

  std::string_view s_;
  int max_depth_;
  std::vector<Open> open_;  // never deeper than max_depth_ + 1
};

// libplist's find_next(): a '"' skips to the matching quote.
size_t XmlNestingScan::find_any(size_t p, const CharSet& stops, bool quotes) const {
  for (; p < s_.size(); ++p) {
    if (quotes && s_[p] == '"' && (p = skip_quote(p)) == npos) return npos;
    if (stops(s_[p])) return p;
  }
  return npos;
}

// libplist's find_str(); without quotes it is a plain search.
size_t XmlNestingScan::find_str(size_t p, std::string_view needle, bool quotes) const {
  if (!quotes) return s_.find(needle, p);
  for (; p + needle.size() <= s_.size(); ++p) {
    if (s_.compare(p, needle.size(), needle) == 0) return p;
    if (s_[p] == '"' && (p = skip_quote(p)) == npos) return npos;
  }
  return npos;
}

// After "<!DOCTYPE": up to '>' or, with an internal subset, up to "]>".
size_t XmlNestingScan::end_of_doctype(size_t p) const {
  while (p < s_.size()) {
    p = find_any(p, kDoctypeStop, true);
    if (p == npos) return npos;
    if (s_[p] == '>') return p + 1;
    if (s_[p] == '[') {
      const size_t e = find_str(p, "]>", true);
      return e == npos ? npos : e + 2;
    }
    p = skip_space(s_, p);
  }
  return npos;
}

size_t XmlNestingScan::end_of_markup(size_t q) const {
  if (s_[q] != '?' && s_[q] != '!') return q;  // an element tag, handled by run()
  const auto at = [&](std::string_view word) { return s_.compare(q, word.size(), word) == 0; };
  const auto past = [](size_t found, size_t len) { return found == npos ? npos : found + len; };
  // libplist searches for "?>" from the '?' itself, so "<?>" is complete.
  if (at("?")) return past(find_str(q, "?>", true), 2);
  if (at("!--")) return past(find_str(q + 3, "-->", false), 3);
  if (at("![CDATA[")) return past(find_str(q + 8, "]]>", false), 3);
  if (at("!DOCTYPE")) return end_of_doctype(q + 8);
  return npos;  // any other "<!" is a libplist syntax error
}

Error XmlNestingScan::count_tag(std::string_view name, bool empty, size_t at) {
  if (!empty && (name == "array" || name == "dict")) {
    open_.push_back(Open{name == "dict", 0, at});
    if (open_.size() > static_cast<size_t>(std::max(max_depth_, 0)))
      return fmt::format("nesting deeper than {} levels", max_depth_);
  } else if (name == "/array" || name == "/dict") {
    if (!open_.empty()) open_.pop_back();
  } else if (!empty && name == "key" && !open_.empty() && open_.back().dict) {
    if (++open_.back().keys > kMaxDictKeys)
      return fmt::format("dict at offset {} has more than {} keys", open_.back().at, kMaxDictKeys);
  }
  return std::nullopt;
}

Error XmlNestingScan::run() {
  size_t p = 0;
  while ((p = s_.find('<', p)) != npos) {
    const size_t q = p + 1;
    if (q >= s_.size()) break;
    const size_t next = end_of_markup(q);
    if (next == npos) break;  // unterminated: libplist reports the parse error
    if (next != q) {
      p = next;
      continue;
    }
    // An element tag: its name ends at whitespace or '<'/'>', the tag at the
    // next '>' outside quotes (libplist reads attributes no further).
    const size_t name_end = find_any(q, kNameEnd, false);
    if (name_end == npos) break;
    const size_t end = s_[name_end] == '>' ? name_end : find_any(name_end, kTagEnd, true);
    if (end == npos) break;
    if (s_[end] == '<') {  // libplist fails here; keep scanning from the '<'
      p = end;
      continue;
    }
    const bool empty = s_[end - 1] == '/';
    std::string_view name = s_.substr(q, name_end - q);
    if (empty && end - q - 1 < name.size()) name = name.substr(0, end - q - 1);  // "<dict/>"
    if (auto e = count_tag(name, empty, p)) return e;
    p = end + 1;
  }
  return std::nullopt;
}

Error classify_text(std::string_view text) {
  const size_t first = skip_space(text, 0);
  if (first == text.size()) return "empty file";
  const char c = text[first];
  if (looks_like_json(text, first))
    return "JSON property lists are not supported; launchd reads XML and binary plists";
  if (c == '{' || c == '(' || c == '"')
    return "OpenStep (old-style ASCII) property lists are not supported; launchd reads XML "
           "and binary plists";
  if (c != '<') return "not a property list (neither XML nor binary)";
  return std::nullopt;
}

Error guard_text(std::string_view bytes, int max_depth, GuardResult* out) {
  if (auto e = check_encoding(bytes)) return e;
  const size_t bom = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  // libplist stops at a NUL inside a string but keeps the full length, and
  // plist_get_string_val() then aborts the process.
  if (const void* nul = std::memchr(bytes.data(), 0, bytes.size()))
    return fmt::format("NUL byte at offset {}", static_cast<const char*>(nul) - bytes.data());
  const std::string_view text = bytes.substr(bom);
  if (auto e = classify_text(text)) return e;
  if (auto e = XmlNestingScan(text, max_depth).run()) return e;
  // Leading comments (even before <?xml) need no trimming: libplist 2.2 skips
  // them, as the corpus test shows.
  out->format = Format::Xml;
  out->body = text;
  return std::nullopt;
}

}  // namespace

std::optional<std::string> guard(std::string_view bytes, size_t max_bytes, int max_depth,
                                 GuardResult* out) {
  if (bytes.empty()) return "empty file";
  if (bytes.size() > max_bytes)
    return fmt::format("file is {} bytes, larger than the {}-byte limit", bytes.size(), max_bytes);
  if (bytes.substr(0, 6) == "bplist") {
    if (bytes.size() >= 8 && bytes.substr(6, 2) != "00")
      return fmt::format("unsupported binary plist version '{}'", printable(bytes.substr(0, 8)));
    if (auto e = validate_bplist(bytes, max_depth)) return e;
    out->format = Format::Binary;
    out->body = bytes;
    return std::nullopt;
  }
  return guard_text(bytes, max_depth, out);
}

}  // namespace lc::plist
