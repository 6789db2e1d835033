// Diagnostics are values: the core collects them in a sink and never prints.
// Only a program's main renders them (text for people, JSON for CI).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lc {

// error: the job produced no units. warning: units were produced but behave
// differently from launchd. note: handled by the runtime daemon or a documented
// approximation.
enum class Severity { Error, Warning, Note };

std::string_view severity_name(Severity s);

struct Diagnostic {
  Severity severity;
  std::string key;      // key path, e.g. "Sockets.Listeners[1].SockServiceName"; "" = whole file
  std::string code;     // stable machine-readable identifier, e.g. "unknown-key"
  std::string message;  // one line, starts lower-case, no trailing period unless ", ignoring."
};

class DiagnosticSink {
 public:
  void report(Severity s, std::string key, std::string code, std::string message);
  void error(std::string key, std::string code, std::string message) {
    report(Severity::Error, std::move(key), std::move(code), std::move(message));
  }
  void warning(std::string key, std::string code, std::string message) {
    report(Severity::Warning, std::move(key), std::move(code), std::move(message));
  }
  void note(std::string key, std::string code, std::string message) {
    report(Severity::Note, std::move(key), std::move(code), std::move(message));
  }

  const std::vector<Diagnostic>& items() const { return items_; }
  size_t count(Severity s) const;
  bool has_errors() const { return count(Severity::Error) > 0; }

 private:
  std::vector<Diagnostic> items_;
};

// "<file>: <severity>: <KeyPath>: <message>", or without the key path when the
// diagnostic is about the whole file. Control characters in the file name are
// escaped so one diagnostic is always exactly one line.
std::string render_text(std::string_view file, const Diagnostic& d);

}  // namespace lc
