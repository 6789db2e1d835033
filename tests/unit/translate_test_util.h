// Test entry point: translate the body of a <dict> and render diagnostics.
#pragma once

#include <string>
#include <vector>

#include "core/translate.h"
#include "support/fake_probe.h"

namespace lc::test {

inline std::string plist(const std::string& dict_body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n" + dict_body +
         "\n</dict>\n</plist>\n";
}

inline Translation translate_dict(const std::string& dict_body, Domain domain = Domain::System) {
  static const FakeProbe probe;
  TranslateOptions o;
  o.domain = domain;
  return translate(plist(dict_body), "/L/x.plist", o, probe);
}

inline std::vector<std::string> diags(const Translation& t) {
  std::vector<std::string> out;
  for (const auto& d : t.diagnostics.items()) out.push_back(render_text("x.plist", d));
  return out;
}

inline const std::string* file(const Translation& t, const std::string& name) {
  for (const auto& f : t.files)
    if (f.name == name) return &f.text;
  return nullptr;
}

inline bool has_line(const Translation& t, const std::string& name, const std::string& line) {
  const std::string* text = file(t, name);
  return text != nullptr && text->find("\n" + line + "\n") != std::string::npos;
}

constexpr const char* kMinimal =
    "<key>Label</key><string>com.x</string>"
    "<key>ProgramArguments</key><array><string>/usr/bin/true</string></array>";

}  // namespace lc::test
