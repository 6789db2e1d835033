// launchd2systemd: translate launchd plists into systemd units (SPEC §3).
#include <cstdio>
#include <string>
#include <vector>

#include "launchd2systemd/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string error;
  auto opts = lc::cli::parse(args, &error);
  if (!opts) {
    std::fprintf(stderr, "launchd2systemd: %s\n%s", error.c_str(), lc::cli::usage().c_str());
    return lc::cli::kUsage;
  }
  lc::HostProbe probe;
  lc::cli::Outcome o = lc::cli::run(*opts, probe);
  std::fwrite(o.out.data(), 1, o.out.size(), stdout);
  std::fwrite(o.err.data(), 1, o.err.size(), stderr);
  return o.status;
}
