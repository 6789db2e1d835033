// Typed access to plist values for the job reader: each getter reports a
// wrong type as "expected T, got U, ignoring." and returns nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/key_table.h"

namespace lc::read {

std::optional<bool> boolean(const plist::Value& v, std::string_view path, ReadContext& ctx);
std::optional<int64_t> integer(const plist::Value& v, std::string_view path, ReadContext& ctx);
// Integer within [lo, hi]; outside it is an error (launchd refuses the job).
std::optional<int64_t> integer_in(const plist::Value& v, std::string_view path, ReadContext& ctx,
                                  int64_t lo, int64_t hi);
std::optional<std::string> string(const plist::Value& v, std::string_view path, ReadContext& ctx);
// For free text (arguments after argv[0], environment values): a placeholder
// look-alike there may be meant literally (sed -e s/@HOST@/x/), so it warns.
std::optional<std::string> text(const plist::Value& v, std::string_view path, ReadContext& ctx);
// An array of strings; non-string elements are warned about and skipped.
std::optional<std::vector<std::string>> strings(const plist::Value& v, std::string_view path,
                                                ReadContext& ctx);
// A string or an array of strings.
std::optional<std::vector<std::string>> string_or_strings(const plist::Value& v,
                                                          std::string_view path, ReadContext& ctx);
// A path-valued key: placeholder check, then made absolute the way launchd
// (whose working directory is "/") would see it, with a warning.
std::optional<std::string> path(const plist::Value& v, std::string_view path, ReadContext& ctx);
// A path kept as written (relative allowed), for keys whose base is decided
// later (the standard I/O paths are opened after chdir and chroot).
std::optional<std::string> relative_path(const plist::Value& v, std::string_view path, ReadContext& ctx);

void wrong_type(const plist::Value& v, std::string_view path, ReadContext& ctx,
                std::string_view expected);

// The first build-time placeholder in `s` (@PREFIX@, @@X@@, {{X}}, __X__,
// %%X%%), or "" if there is none.
std::string_view placeholder(std::string_view s);

std::string join_path(std::string_view parent, std::string_view key);
std::string index_path(std::string_view parent, size_t i);

}  // namespace lc::read
