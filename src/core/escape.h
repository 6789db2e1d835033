// systemd 252 quoting and escaping (reference/systemd-252.md §1), as pure
// string functions. unit.h wraps them in a type so unescaped text cannot reach
// a unit file.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lc::escape {

// For messages: control characters and DEL as \n, \t, \xHH; everything else as is.
std::string c_escape(std::string_view s);

// `%` -> `%%`: systemd expands specifiers in nearly every setting.
std::string specifiers(std::string_view s);

// One ExecStart= argument, quoted: \\ \" %% $$ \n \t \xHH.
std::string exec_argument(std::string_view s);

// Why an executable path cannot be written, or nullopt if it can
// (systemd rejects quotes, backslashes and control characters in it).
std::optional<std::string> exec_path_problem(std::string_view path);

// One Environment= assignment, quoted; `$` is left alone (no meaning there).
std::string env_assignment(std::string_view name, std::string_view value);

// Whether `name` is a valid environment variable name for systemd.
bool valid_env_name(std::string_view name);

// Why `path` cannot be the value of a path-valued setting, or nullopt.
// Such settings take the value literally: no quoting exists, so leading or
// trailing blanks and control characters cannot be expressed.
std::optional<std::string> path_problem(std::string_view path);

// `path` with "//", "/./" and "/x/../" removed (lexically, as systemd wants
// path settings). A trailing "/" is kept off except for "/" itself.
std::string normalize_path(std::string_view path);

// The unit-name form of a label: [A-Za-z0-9:_.-] kept, every other byte
// (and a leading '.') as \xHH. Never longer than `max_len`: longer names are
// cut at an escape boundary and end in '-' plus 8 hex digits of a hash of
// the whole input, so distinct labels stay distinct.
std::string unit_name_part(std::string_view label, size_t max_len);

// A Sockets key as a systemd FileDescriptorName (no ':', printable ASCII):
// '%', ':', blanks, control and non-ASCII bytes become %XX (uppercase hex).
// liblaunch-compat applies the same encoding to the name it is asked for.
std::string fd_name(std::string_view key);

// 8 lowercase hex digits of a stable 32-bit FNV-1a hash of `s`.
std::string hash_hex(std::string_view s);

// Reversible encoding for [X-Launchd] values, which systemd never interprets:
// C escapes for backslash, control bytes, and leading/trailing blanks; `%` doubled.
std::string record(std::string_view s);
std::string unrecord(std::string_view s);

}  // namespace lc::escape
