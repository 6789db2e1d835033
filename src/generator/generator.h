// launchd-compat-generator (SPEC §5): the translator run by systemd at boot
// and on every daemon-reload, over the standard plist directories.
#pragma once

#include <string>
#include <vector>

#include "core/job.h"
#include "core/system_probe.h"

namespace lc::generator {

struct Config {
  Domain domain = Domain::System;
  std::string output_dir;                 // systemd's "normal" generator directory
  std::vector<std::string> search_path;   // plist directories, in priority order
  std::string override_db;                // disabled.plist path
  bool check_ownership = true;            // system scope: refuse dubious files
};

// The search directories of SPEC §2 for a domain, before any override.
std::vector<std::string> default_search_path(Domain domain);

// Builds the configuration from argv and the environment systemd provides
// ($SYSTEMD_SCOPE; $LAUNCHD_COMPAT_SEARCH_PATH for tests).
bool configure(const std::vector<std::string>& args, Config* out, std::string* error);

// Translates every plist and writes units + wants links. Never fails because
// of a bad plist: each problem becomes one line in *log. Returns the number
// of jobs written.
size_t run(const Config& cfg, const SystemProbe& probe, std::vector<std::string>* log);

}  // namespace lc::generator
