#include "core/unit.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstring>
#include <cstdio>

#include "core/escape.h"

namespace lc::unit {

Value Value::number(int64_t n) { return Value(std::to_string(n)); }

Value Value::octal(unsigned n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04o", n);
  return Value(buf);
}

Value Value::text(std::string_view s) { return Value(escape::specifiers(escape::c_escape(s))); }

std::optional<Value> Value::word(std::string_view s) {
  if (s.empty()) return std::nullopt;
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7F || c == '"' || c == '\'' || c == '\\') return std::nullopt;
  return Value(escape::specifiers(s));
}

std::optional<Value> Value::prefixed_word(Literal prefix, std::string_view s) {
  auto w = word(s);
  if (!w) return std::nullopt;
  return Value(std::string(prefix.text) + w->text_);
}

std::optional<Value> Value::host(Literal prefix, std::string_view name) {
  if (name.empty()) return std::nullopt;
  std::string out = prefix.text;
  for (unsigned char c : name) {
    if (c <= 0x20 || c == 0x7F || c == '"' || c == '\'') return std::nullopt;
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out.push_back('\\');
    if (c == '%') out.push_back('%');
    out.push_back(static_cast<char>(c));
  }
  return Value(std::move(out));
}

std::optional<Value> Value::path(std::string_view p, Literal prefix) {
  if (escape::path_problem(p)) return std::nullopt;
  return Value(std::string(prefix.text) + escape::specifiers(p));
}

Value Value::address(std::string_view numeric) { return Value(escape::specifiers(numeric)); }

std::optional<Value> Value::exec(std::string_view program, std::span<const std::string> argv) {
  if (escape::exec_path_problem(program)) return std::nullopt;
  std::string out = "@\"" + escape::specifiers(program) + "\"";
  for (const auto& a : argv) {
    out.push_back(' ');
    out += escape::exec_argument(a);
  }
  return Value(std::move(out));
}

Value Value::env(std::string_view name, std::string_view value) {
  return Value(escape::env_assignment(name, value));
}

namespace {
bool plain_suffix(std::string_view s) {
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
          c == '.' || c == '-' || c == '_'))
      return false;
  return !s.empty();
}
}  // namespace

Value Value::runtime_path(std::string_view suffix) {
  assert(plain_suffix(suffix));
  return Value("%t/" + std::string(suffix));
}

Value Value::env_runtime_path(std::string_view name, std::string_view suffix) {
  assert(plain_suffix(suffix) && escape::valid_env_name(name));
  return Value("\"" + std::string(name) + "=%t/" + std::string(suffix) + "\"");
}

Value Value::unit_names(std::span<const std::string> names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out.push_back(' ');
    out += n;
  }
  return Value(std::move(out));
}

Value Value::record(std::string_view s) { return Value(escape::record(s)); }

std::string_view section_name(SectionId id) {
  switch (id) {
    case SectionId::Unit: return "Unit";
    case SectionId::Service: return "Service";
    case SectionId::Socket: return "Socket";
    case SectionId::Timer: return "Timer";
    case SectionId::Path: return "Path";
    case SectionId::Install: return "Install";
    case SectionId::XLaunchd: return "X-Launchd";
  }
  return "?";
}

std::string_view kind_suffix(Kind k) {
  switch (k) {
    case Kind::Service: return ".service";
    case Kind::Socket: return ".socket";
    case Kind::Timer: return ".timer";
    case Kind::Path: return ".path";
  }
  return "?";
}

void Unit::add(SectionId id, Literal key, Value v) {
  auto it = std::find_if(sections.begin(), sections.end(),
                         [id](const Section& s) { return s.id == id; });
  if (it == sections.end()) {
    sections.push_back(Section{id, {}});
    it = sections.end() - 1;
  }
  it->settings.push_back(Setting{key.text, std::move(v)});
}

const Value* Unit::get(SectionId id, std::string_view key) const {
  for (const auto& s : sections)
    if (s.id == id)
      for (const auto& st : s.settings)
        if (key == st.key) return &st.value;
  return nullptr;
}

std::string render(const Unit& u, std::string_view header_comment) {
  std::vector<const Section*> order;
  for (const auto& s : u.sections) order.push_back(&s);
  std::stable_sort(order.begin(), order.end(),
                   [](const Section* a, const Section* b) { return a->id < b->id; });
  size_t size = header_comment.size() + 16;
  for (const Section* s : order) {
    size += 16;
    for (const auto& st : s->settings) size += std::strlen(st.key) + st.value.str().size() + 2;
  }
  std::string out;
  out.reserve(size);
  out += "# ";
  out += escape::c_escape(header_comment);
  out += '\n';
  for (const Section* s : order) {
    out += "\n[";
    out += section_name(s->id);
    out += "]\n";
    for (const auto& st : s->settings) {
      out += st.key;
      out += '=';
      out += st.value.str();
      out += '\n';
    }
  }
  return out;
}

}  // namespace lc::unit
