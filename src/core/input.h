// Reading inputs: files, directories of *.plist, and "-" for stdin, with the
// size cap applied while reading so a huge file is never loaded whole.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lc::input {

// A directory becomes its *.plist entries, sorted, not recursive; anything
// else is itself. The error says why the path cannot be used.
std::optional<std::string> expand(const std::string& path, std::vector<std::string>* out);

// Reads at most plist::kMaxInputBytes + 1 bytes (one more, so the loader can
// tell "too big" from "exactly at the limit").
std::optional<std::string> read(const std::string& path, std::string* out);

}  // namespace lc::input
