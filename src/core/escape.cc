#include "core/escape.h"

#include <cstdint>
#include <cstdio>
#include <vector>

namespace lc::escape {

namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }

void append_hex(std::string* out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  *out += "\\x";
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 0xF]);
}

// Control bytes as systemd-syntax C escapes (also valid for our records).
void append_control(std::string* out, unsigned char c) {
  if (c == '\n') *out += "\\n";
  else if (c == '\t') *out += "\\t";
  else append_hex(out, c);
}

uint32_t fnv1a(std::string_view s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

}  // namespace

bool needs_c_escape(std::string_view s) {
  for (unsigned char c : s)
    if (is_control(c)) return true;
  return false;
}

std::string c_escape(std::string_view s) {
  if (!needs_c_escape(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (is_control(c)) append_control(&out, c);
    else out.push_back(static_cast<char>(c));
  }
  return out;
}

std::string specifiers(std::string_view s) {
  if (s.find('%') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size() + 4);
  for (char c : s) {
    if (c == '%') out.push_back('%');
    out.push_back(c);
  }
  return out;
}

std::string exec_argument(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '%': out += "%%"; break;
      case '$': out += "$$"; break;
      default:
        if (is_control(c)) append_control(&out, c);
        else out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
  return out;
}

std::optional<std::string> exec_path_problem(std::string_view path) {
  if (path.empty()) return "the program path is empty";
  for (unsigned char c : path) {
    if (c == '"' || c == '\'' || c == '\\')
      return "the program path contains a quote or backslash, which systemd cannot execute";
    if (is_control(c)) return "the program path contains a control character";
  }
  if (path.back() == '/') return "the program path ends in '/'";
  return std::nullopt;
}

std::string env_assignment(std::string_view name, std::string_view value) {
  std::string out;
  out.reserve(name.size() + value.size() + 3);
  out.push_back('"');
  out += name;
  out.push_back('=');
  for (unsigned char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '%': out += "%%"; break;
      default:
        if (is_control(c)) append_control(&out, c);
        else out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
  return out;
}

bool valid_env_name(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

std::optional<std::string> path_problem(std::string_view path) {
  if (path.empty()) return "the path is empty";
  if (is_blank(path.front()) || is_blank(path.back()))
    return "the path begins or ends with a blank, which systemd would strip";
  for (unsigned char c : path)
    if (is_control(c)) return "the path contains a control character, which systemd cannot express";
  return std::nullopt;
}

std::string unit_name_part(std::string_view label, size_t max_len) {
  std::string out;
  out.reserve(label.size());
  std::string::size_type last_boundary_fits = 0;
  for (size_t i = 0; i < label.size(); ++i) {
    auto c = static_cast<unsigned char>(label[i]);
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == ':' || c == '_' || c == '-' || (c == '.' && i > 0);
    if (plain) out.push_back(static_cast<char>(c));
    else append_hex(&out, c);
    if (out.size() + 9 <= max_len) last_boundary_fits = out.size();
  }
  if (out.size() <= max_len) return out;
  out.resize(last_boundary_fits);
  out += '-';
  out += hash_hex(label);
  return out;
}

std::string normalize_path(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view part = path.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out;
  for (auto p : parts) {
    out.push_back('/');
    out += p;
  }
  return out.empty() ? "/" : out;
}

std::string fd_name(std::string_view key) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : key) {
    if (c <= 0x20 || c >= 0x7F || c == ':' || c == '%') {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string hash_hex(std::string_view s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08x", fnv1a(s));
  return buf;
}

std::string record(std::string_view s) {
  bool plain = s.empty() || (!is_blank(s.front()) && !is_blank(s.back()));
  for (size_t i = 0; plain && i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    plain = c != '\\' && c != '%' && !is_control(c);
  }
  if (plain) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    bool edge = i == 0 || i + 1 == s.size();
    if (c == '\\') out += "\\\\";
    else if (c == '%') out += "%%";
    else if (is_control(c) || (edge && is_blank(static_cast<char>(c)))) append_hex(&out, c);
    else out.push_back(static_cast<char>(c));
  }
  return out;
}

std::string unrecord(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 1 < s.size() && s[i + 1] == '%') {
      out.push_back('%');
      ++i;
    } else if (c == '\\' && i + 1 < s.size()) {
      char e = s[++i];
      if (e == 'x' && i + 2 < s.size()) {
        out.push_back(static_cast<char>(hex_value(s[i + 1]) << 4 | hex_value(s[i + 2])));
        i += 2;
      } else if (e == 'n') {
        out.push_back('\n');
      } else if (e == 't') {
        out.push_back('\t');
      } else {
        out.push_back(e);
      }
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace lc::escape
