#include "core/reader_util.h"

#include <fmt/format.h>

#include "core/escape.h"

namespace lc::read {

namespace {

bool upper_word(std::string_view s) {
  if (s.empty() || !(s[0] >= 'A' && s[0] <= 'Z')) return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

// Finds open+WORD+close in s, e.g. "@" "PREFIX" "@".
std::string_view find_delimited(std::string_view s, std::string_view open, std::string_view close) {
  for (size_t i = s.find(open); i != std::string_view::npos; i = s.find(open, i + 1)) {
    size_t start = i + open.size();
    size_t end = s.find(close, start);
    if (end == std::string_view::npos) return {};
    if (upper_word(s.substr(start, end - start))) return s.substr(i, end + close.size() - i);
  }
  return {};
}

bool check_placeholder(std::string_view s, std::string_view path, ReadContext& ctx, bool fatal = true) {
  std::string_view p = placeholder(s);
  if (p.empty()) return true;
  if (!fatal) {
    ctx.sink.warning(std::string(path), "template-placeholder",
                     fmt::format("'{}' looks like an unexpanded build-time placeholder; passed "
                                 "on as written", escape::c_escape(p)));
    return true;
  }
  ctx.sink.error(std::string(path), "template-placeholder",
                 fmt::format("unexpanded build-time placeholder '{}': this is a template, "
                             "not an installable plist",
                             escape::c_escape(p)));
  return false;
}

}  // namespace

std::string_view placeholder(std::string_view s) {
  static constexpr std::pair<std::string_view, std::string_view> kForms[] = {
      {"@@", "@@"}, {"@", "@"}, {"{{", "}}"}, {"__", "__"}, {"%%", "%%"}};
  for (auto [open, close] : kForms)
    if (auto p = find_delimited(s, open, close); !p.empty()) return p;
  return {};
}

std::string join_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return fmt::format("{}.{}", parent, key);
}

std::string index_path(std::string_view parent, size_t i) { return fmt::format("{}[{}]", parent, i); }

void wrong_type(const plist::Value& v, std::string_view path, ReadContext& ctx,
                std::string_view expected) {
  ctx.sink.warning(std::string(path), "wrong-type",
                   fmt::format("expected {}, got {}, ignoring.", expected, plist::type_name(v.type)));
}

std::optional<bool> boolean(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (v.is(plist::Type::Boolean)) return v.boolean;
  wrong_type(v, path, ctx, "boolean");
  return std::nullopt;
}

std::optional<int64_t> integer(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (v.is(plist::Type::Integer)) return v.integer;
  wrong_type(v, path, ctx, "integer");
  return std::nullopt;
}

std::optional<int64_t> integer_in(const plist::Value& v, std::string_view path, ReadContext& ctx,
                                  int64_t lo, int64_t hi) {
  auto n = integer(v, path, ctx);
  if (!n) return std::nullopt;
  if (*n < lo || *n > hi) {
    ctx.sink.error(std::string(path), "out-of-range",
                   fmt::format("{} is out of range ({}..{})", *n, lo, hi));
    return std::nullopt;
  }
  return n;
}

std::optional<std::string> string(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (!v.is(plist::Type::String)) {
    wrong_type(v, path, ctx, "string");
    return std::nullopt;
  }
  if (!check_placeholder(v.string, path, ctx)) return std::nullopt;
  return v.string;
}

std::optional<std::string> text(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (!v.is(plist::Type::String)) {
    wrong_type(v, path, ctx, "string");
    return std::nullopt;
  }
  check_placeholder(v.string, path, ctx, /*fatal=*/false);
  return v.string;
}

std::optional<std::vector<std::string>> strings(const plist::Value& v, std::string_view path,
                                                ReadContext& ctx) {
  if (!v.is(plist::Type::Array)) {
    wrong_type(v, path, ctx, "array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  out.reserve(v.array.size());
  for (size_t i = 0; i < v.array.size(); ++i)
    if (auto s = string(v.array[i], index_path(path, i), ctx)) out.push_back(std::move(*s));
  return out;
}

std::optional<std::vector<std::string>> string_or_strings(const plist::Value& v,
                                                          std::string_view path, ReadContext& ctx) {
  if (v.is(plist::Type::String)) {
    auto s = string(v, path, ctx);
    if (!s) return std::nullopt;
    return std::vector<std::string>{std::move(*s)};
  }
  if (v.is(plist::Type::Array)) return strings(v, path, ctx);
  wrong_type(v, path, ctx, "string or array of strings");
  return std::nullopt;
}

std::optional<std::string> relative_path(const plist::Value& v, std::string_view key_path,
                                         ReadContext& ctx) {
  auto s = string(v, key_path, ctx);
  if (!s) return std::nullopt;
  if (auto problem = escape::path_problem(*s)) {
    ctx.sink.error(std::string(key_path), "bad-path",
                   fmt::format("'{}': {}", escape::c_escape(*s), *problem));
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> path(const plist::Value& v, std::string_view key_path, ReadContext& ctx) {
  auto s = relative_path(v, key_path, ctx);
  if (!s) return std::nullopt;
  if ((*s)[0] != '/') {
    std::string resolved = escape::normalize_path("/" + *s);
    ctx.sink.warning(std::string(key_path), "relative-path",
                     fmt::format("'{}' is relative; launchd resolves it from '/', using '{}'",
                                 escape::c_escape(*s), escape::c_escape(resolved)));
    *s = resolved;
  }
  // systemd ignores path settings that are not normalized; chdir(2) and
  // open(2) give the same result for the normalized form.
  *s = escape::normalize_path(*s);
  return s;
}

}  // namespace lc::read
