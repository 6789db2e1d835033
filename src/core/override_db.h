// The persistent enable/disable overrides (launchd's disabled.plist, SPEC §2):
// an XML plist dict label -> bool, true meaning disabled.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/job.h"

namespace lc {

struct OverrideDb {
  std::map<std::string, bool> disabled;  // label -> disabled?

  std::optional<bool> lookup(const std::string& label) const {
    auto it = disabled.find(label);
    if (it == disabled.end()) return std::nullopt;
    return it->second;
  }
};

// Where the database lives for a domain: /var/lib/launchd-compat/disabled.plist,
// or $XDG_STATE_HOME (default ~/.local/state)/launchd-compat/disabled.plist.
std::string override_db_path(Domain domain);

// A missing file is an empty database; an unreadable or malformed one is an
// error message (the caller decides whether to go on).
std::optional<std::string> read_override_db(const std::string& path, OverrideDb* out);

// Atomic replace (temp + rename) of the whole file.
std::optional<std::string> write_override_db(const std::string& path, const OverrideDb& db);

}  // namespace lc
