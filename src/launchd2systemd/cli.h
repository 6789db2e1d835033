// launchd2systemd (SPEC §3): argument parsing and the run itself, which
// returns what to print instead of printing, so main stays a few lines.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/job.h"
#include "core/system_probe.h"

namespace lc::cli {

enum ExitCode { kOk = 0, kDiagnostics = 1, kUsage = 2, kIo = 3 };

struct Options {
  Domain domain = Domain::System;
  std::optional<std::string> output_dir;
  bool check = false;
  bool strict = false;
  bool json = false;
  bool help = false;
  bool version = false;
  std::vector<std::string> paths;
};

struct Outcome {
  std::string out;  // stdout
  std::string err;  // stderr
  int status = kOk;
};

// nullopt and a usage message in *error when the arguments are wrong.
std::optional<Options> parse(const std::vector<std::string>& args, std::string* error);

Outcome run(const Options& opts, const SystemProbe& probe);

std::string usage();

}  // namespace lc::cli
