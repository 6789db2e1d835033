#include "core/plist_load.h"

#include <plist/plist.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

#include "core/plist_guard.h"

namespace lc::plist {

std::string_view type_name(Type t) {
  switch (t) {
    case Type::Boolean: return "boolean";
    case Type::Integer: return "integer";
    case Type::Real: return "real";
    case Type::String: return "string";
    case Type::Data: return "data";
    case Type::Date: return "date";
    case Type::Array: return "array";
    case Type::Dict: return "dictionary";
    case Type::Uid: return "uid";
  }
  return "?";
}

const Value* Value::find(std::string_view key) const {
  if (type != Type::Dict) return nullptr;
  for (const auto& [k, v] : dict)
    if (k == key) return &v;
  return nullptr;
}

namespace {

struct PlistFree {
  void operator()(plist_t p) const { plist_free(p); }
};
using PlistPtr = std::unique_ptr<void, PlistFree>;

// Borrowed string access: plist_get_string_val() asserts that the string has
// no NUL byte and aborts the process otherwise; the pointer API does not.
bool read_string(plist_t node, std::string* out) {
  uint64_t len = 0;
  const char* p = plist_get_string_ptr(node, &len);
  if (p == nullptr) return len == 0;
  if (std::memchr(p, '\0', len) != nullptr) return false;
  out->assign(p, len);
  return true;
}

// Recursion is bounded: the guard has already rejected nesting deeper than
// kMaxDepth, in both formats.
std::optional<std::string> convert(plist_t node, Value* out) {
  switch (plist_get_node_type(node)) {
    case PLIST_BOOLEAN: {
      uint8_t b = 0;
      plist_get_bool_val(node, &b);
      out->type = Type::Boolean;
      out->boolean = b != 0;
      return std::nullopt;
    }
    case PLIST_UINT: {
      uint64_t u = 0;
      plist_get_uint_val(node, &u);
      out->type = Type::Integer;
      // Two's complement: <integer>-1</integer> arrives as 2^64-1.
      out->integer = static_cast<int64_t>(u);
      return std::nullopt;
    }
    case PLIST_REAL:
      out->type = Type::Real;
      plist_get_real_val(node, &out->real);
      return std::nullopt;
    case PLIST_STRING:
      out->type = Type::String;
      if (!read_string(node, &out->string)) return "string contains a NUL byte";
      return std::nullopt;
    case PLIST_DATA: {
      out->type = Type::Data;
      uint64_t len = 0;
      const char* p = plist_get_data_ptr(node, &len);
      if (p != nullptr) out->string.assign(p, len);
      return std::nullopt;
    }
    case PLIST_DATE: {
      int32_t sec = 0, usec = 0;
      plist_get_date_val(node, &sec, &usec);
      out->type = Type::Date;
      out->integer = sec;
      return std::nullopt;
    }
    case PLIST_UID: {
      uint64_t u = 0;
      plist_get_uid_val(node, &u);
      out->type = Type::Uid;
      out->integer = static_cast<int64_t>(u);
      return std::nullopt;
    }
    case PLIST_ARRAY: {
      out->type = Type::Array;
      // plist_array_get_item(i) walks the list from the start for arrays read
      // from binary plists: iterate instead, or the loop is quadratic.
      out->array.reserve(plist_array_get_size(node));
      plist_array_iter it = nullptr;
      plist_array_new_iter(node, &it);
      std::optional<std::string> err;
      for (plist_t item = nullptr;;) {
        plist_array_next_item(node, it, &item);
        if (item == nullptr) break;
        if ((err = convert(item, &out->array.emplace_back()))) break;
      }
      std::free(it);
      return err;
    }
    case PLIST_DICT: {
      out->type = Type::Dict;
      out->dict.reserve(plist_dict_get_size(node));
      plist_dict_iter it = nullptr;
      plist_dict_new_iter(node, &it);
      for (;;) {
        char* key = nullptr;
        plist_t item = nullptr;
        plist_dict_next_item(node, it, &key, &item);
        if (item == nullptr) {
          std::free(key);
          break;
        }
        std::string k(key ? key : "");
        std::free(key);
        // libplist keeps the last of duplicate keys, as CoreFoundation does.
        Value v;
        if (auto err = convert(item, &v)) {
          std::free(it);
          return err;
        }
        out->dict.push_back(DictEntry{std::move(k), std::move(v)});
      }
      std::free(it);
      return std::nullopt;
    }
    default:
      return "unsupported plist node type";
  }
}

}  // namespace

LoadResult load(std::string_view bytes) {
  GuardResult g;
  if (auto err = guard(bytes, kMaxInputBytes, kMaxDepth, &g)) return LoadError{*err};

  plist_t raw = nullptr;
  plist_from_memory(g.body.data(), static_cast<uint32_t>(g.body.size()), &raw);
  PlistPtr root(raw);
  if (!root) {
    return LoadError{g.format == Format::Binary ? "malformed binary property list"
                                                : "malformed XML property list"};
  }
  Value v;
  if (auto err = convert(root.get(), &v)) return LoadError{*err};
  return v;
}

}  // namespace lc::plist
