// The unit model and its text form.
//
// A setting's value is a unit::Value, which only the factories below can make:
// each one applies the escaping its setting kind needs, or refuses. Keys and
// section names are compile-time literals. Together these make it impossible
// for a plist string to add a line, a section or a setting to a unit file.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lc::unit {

// A string known at compile time: our own keys, section names and constants.
struct Literal {
  consteval Literal(const char* s) : text(s) {}  // NOLINT: implicit on purpose
  const char* text;
};

class Value {
 public:
  static Value lit(Literal l) { return Value(l.text); }
  static Value number(int64_t n);
  static Value octal(unsigned n);                     // "0022"
  // Free text (Description=): `%` doubled, control characters shown as \xHH.
  static Value text(std::string_view s);
  // A single word such as a user name or host glob: nullopt if it has blanks
  // or control characters.
  static std::optional<Value> word(std::string_view s);
  // A path-valued setting, optionally with a prefix such as "append:".
  static std::optional<Value> path(std::string_view p, Literal prefix = "");
  // A Listen*= address already produced by us from a numeric address.
  static Value address(std::string_view numeric);
  // ExecStart=@"<program>" "<argv0>" "<argv1>" …; nullopt if the program
  // path cannot be written (escape::exec_path_problem says why).
  static std::optional<Value> exec(std::string_view program, std::span<const std::string> argv);
  static Value env(std::string_view name, std::string_view value);
  // "%t/<suffix>": a path in the manager's runtime directory. The suffix is
  // made by us from hex digits and fixed names (asserted).
  static Value runtime_path(std::string_view suffix);
  static Value env_runtime_path(std::string_view name, std::string_view suffix);
  // Space-separated unit names; the names come from our own naming code.
  static Value unit_names(std::span<const std::string> names);
  // An [X-Launchd] record value (escape::record).
  static Value record(std::string_view s);
  // A prefix literal followed by a word (e.g. "!" + architecture).
  static std::optional<Value> prefixed_word(Literal prefix, std::string_view s);
  // ConditionHost=: systemd matches with fnmatch(3), launchd compares names
  // exactly, so glob characters are escaped.
  static std::optional<Value> host(Literal prefix, std::string_view name);

  const std::string& str() const { return text_; }

 private:
  explicit Value(std::string s) : text_(std::move(s)) {}
  std::string text_;
};

struct Setting {
  const char* key;  // always a Literal: no allocation per setting
  Value value;
};

enum class SectionId { Unit, Service, Socket, Timer, Path, Install, XLaunchd };
std::string_view section_name(SectionId id);

struct Section {
  SectionId id;
  std::vector<Setting> settings;
};

enum class Kind { Service, Socket, Timer, Path };
std::string_view kind_suffix(Kind k);  // ".service" …

struct Unit {
  std::string name;  // full file name, e.g. "com.example.agent.service"
  Kind kind = Kind::Service;
  std::vector<Section> sections;

  void add(SectionId id, Literal key, Value v);
  // The first value of `key` in `id`, for tests and cross-unit decisions.
  const Value* get(SectionId id, std::string_view key) const;
};

// A symlink <target>.wants/<unit> -> ../<unit>, the hook that arms a unit.
struct WantsLink {
  std::string target;
  std::string unit;
};

struct UnitSet {
  std::vector<Unit> units;
  std::vector<WantsLink> wants;
};

// The unit file text: the header comment, then sections in canonical order.
std::string render(const Unit& u, std::string_view header_comment);

}  // namespace lc::unit
