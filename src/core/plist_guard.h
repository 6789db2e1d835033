// Pre-parse validation of untrusted plist bytes (SPEC §9).
//
// libplist 2.2 can be driven into stack overflows, aborts and exponential
// memory use by small inputs (reference/systemd-252.md §6). These checks make
// every such input a plain error before libplist is called.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lc::plist {

enum class Format { Xml, Binary };

struct GuardResult {
  Format format = Format::Xml;
  // The bytes to hand to libplist (a UTF-8 BOM and leading junk trimmed).
  std::string_view body;
};

// Returns the format and the body to parse, or an error message.
// max_depth bounds container nesting in both formats.
std::optional<std::string> guard(std::string_view bytes, size_t max_bytes, int max_depth,
                                 GuardResult* out);

// Binary plist structural validation: trailer, offset table, every object
// reference in range, containers referenced at most once (no DAG blow-up, no
// cycles), nesting bounded. Exposed for tests and the fuzzer.
std::optional<std::string> validate_bplist(std::string_view bytes, int max_depth);

}  // namespace lc::plist
