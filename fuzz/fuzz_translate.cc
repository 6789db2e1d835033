// Fuzzes the whole pure pipeline: bytes -> plist -> job -> units -> text,
// in both domains, with a probe that never touches the network.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/system_probe.h"
#include "core/translate.h"

namespace {

class OfflineProbe final : public lc::SystemProbe {
 public:
  bool is_executable(const std::string& path) const override { return path == "/bin/sh"; }
  std::pair<uint64_t, uint64_t> rlimit(lc::Resource) const override { return {1024, 4096}; }
  lc::ResolveResult resolve(const lc::ResolveQuery& q) const override {
    if (!q.service || q.service->empty() || q.service->size() > 5) return std::string("no");
    return std::vector<lc::ResolvedAddress>{{false, "127.0.0.1", 8080}, {true, "::1", 8080}};
  }
};

// The no-injection property: each line is a comment, a section header or
// Key=value, with no control byte anywhere.
bool well_formed(std::string_view text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) return false;  // every line ends in \n
    std::string_view line = text.substr(start, end - start);
    for (char c : line)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
    if (!line.empty() && line[0] != '#') {
      if (line[0] == '[') {
        if (line.back() != ']') return false;
      } else {
        size_t eq = line.find('=');
        if (eq == std::string_view::npos || eq == 0) return false;
        for (char c : line.substr(0, eq))
          if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            return false;
      }
    }
    start = end + 1;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const OfflineProbe probe;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (lc::Domain d : {lc::Domain::System, lc::Domain::User}) {
    lc::TranslateOptions opt;
    opt.domain = d;
    lc::Translation t = lc::translate(bytes, "/fuzz/input.plist", opt, probe);
    // A translation is either refused or produces text without stray lines.
    if (!t.ok() && !t.files.empty()) __builtin_trap();
    for (const auto& f : t.files)
      if (!well_formed(f.text)) __builtin_trap();
  }
  return 0;
}
