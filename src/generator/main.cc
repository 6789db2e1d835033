// launchd-compat-generator NORMAL [EARLY LATE] (systemd.generator(7)).
#include <cstdio>
#include <string>
#include <vector>

#include "generator/generator.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  lc::generator::Config cfg;
  std::string error;
  if (!lc::generator::configure(args, &cfg, &error)) {
    std::fprintf(stderr, "launchd-compat-generator: %s\n", error.c_str());
    return 1;
  }
  lc::HostProbe probe;
  std::vector<std::string> log;
  lc::generator::run(cfg, probe, &log);
  for (const auto& line : log) std::fprintf(stderr, "launchd-compat-generator: %s\n", line.c_str());
  return 0;
}
