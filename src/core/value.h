// The plist value tree the rest of launchd-compat works on.
//
// libplist is confined to plist_load.cc: everything downstream sees this small,
// owned, bounded-depth tree, so a libplist quirk (aborting getters, signless
// integers) can never leak past the loader.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lc::plist {

enum class Type { Boolean, Integer, Real, String, Data, Date, Array, Dict, Uid };

// Name of a type as launchd.plist(5) spells it, for diagnostics.
std::string_view type_name(Type t);

struct DictEntry;

struct Value {
  Type type = Type::String;
  bool boolean = false;
  // libplist 2.2 stores every integer as 64 raw bits; see plist_load.cc.
  int64_t integer = 0;
  double real = 0;
  std::string string;  // String, and Data bytes
  std::vector<Value> array;
  // File order is kept so that output (Environment= lines, sockets) is stable.
  std::vector<DictEntry> dict;

  bool is(Type t) const { return type == t; }
  // Dict lookup; nullptr when absent or when this is not a dict.
  const Value* find(std::string_view key) const;
};

struct DictEntry {
  std::string key;
  Value value;
};

}  // namespace lc::plist
