#include "core/diagnostics.h"

#include <algorithm>

#include "core/escape.h"

namespace lc {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "?";
}

void DiagnosticSink::report(Severity s, std::string key, std::string code, std::string message) {
  items_.push_back(Diagnostic{s, std::move(key), std::move(code), std::move(message)});
}

size_t DiagnosticSink::count(Severity s) const {
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(),
                                           [s](const Diagnostic& d) { return d.severity == s; }));
}

std::string render_text(std::string_view file, const Diagnostic& d) {
  std::string out = escape::c_escape(file);
  out += ": ";
  out += severity_name(d.severity);
  out += ": ";
  if (!d.key.empty()) {
    out += escape::c_escape(d.key);
    out += ": ";
  }
  out += escape::c_escape(d.message);
  return out;
}

}  // namespace lc
