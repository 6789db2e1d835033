// Minimal JSON emission for --format json: strings escaped per RFC 8259.
#pragma once

#include <string>
#include <string_view>

namespace lc::json {

// Appends `s` as a quoted JSON string. Invalid UTF-8 bytes are replaced by
// U+FFFD so the document always parses.
void append_string(std::string* out, std::string_view s);

}  // namespace lc::json
