// Bytes -> plist::Value, with the hostile-input checks of SPEC §9 run first.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "core/value.h"

namespace lc::plist {

struct LoadError {
  std::string message;  // one line, no file name: the caller adds it
};

using LoadResult = std::variant<Value, LoadError>;

// Limits applied before libplist sees a byte; launchd plists are a few KiB.
inline constexpr size_t kMaxInputBytes = 1u << 20;
inline constexpr int kMaxDepth = 32;

LoadResult load(std::string_view bytes);

}  // namespace lc::plist
