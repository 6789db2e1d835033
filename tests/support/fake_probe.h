// A deterministic SystemProbe for golden and unit tests: a fixed set of
// executables, fixed resource limits, and a small resolver table.
#pragma once

#include <set>
#include <string>

#include "core/system_probe.h"

namespace lc::test {

class FakeProbe final : public SystemProbe {
 public:
  std::set<std::string> executables{"/usr/bin/sh", "/bin/sh", "/usr/bin/env", "/usr/bin/true",
                                    "/usr/bin/sleep", "/usr/bin/python3", "/usr/sbin/sshd"};
  bool is_executable(const std::string& path) const override { return executables.count(path) != 0; }

  std::pair<uint64_t, uint64_t> rlimit(Resource r) const override {
    switch (r) {
      case Resource::NumberOfFiles: return {1024, 524288};
      case Resource::Core: return {0, kInfinity};
      case Resource::Stack: return {8388608, kInfinity};
      default: return {kInfinity, kInfinity};
    }
  }

  ResolveResult resolve(const ResolveQuery& q) const override;
};

}  // namespace lc::test
