// libFuzzer target for the pre-parse guard (SPEC §9).
//
// Whatever guard() accepts goes to libplist 2.2, exactly as the loader does,
// and the resulting tree is read back through every getter that can assert.
// The walk also checks the guard's promises: no container nested deeper than
// kMaxDepth, and a tree linear in the input size. A broken promise aborts,
// which libFuzzer reports as a crash with the input saved.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>
#include <vector>

#include <plist/plist.h>

#include "core/plist_guard.h"
#include "core/plist_load.h"

namespace {

[[noreturn]] void broken_promise(const char* what, uint64_t value, uint64_t limit) {
  std::fprintf(stderr, "guard accepted an input that %s: %llu > %llu\n", what,
               static_cast<unsigned long long>(value), static_cast<unsigned long long>(limit));
  std::abort();
}

// Calls the getter for the node's type; the string getters are the ones that
// assert (and so abort) on an embedded NUL.
void read_scalar(plist_t node) {
  char* s = nullptr;
  uint64_t u = 0;
  double d = 0;
  uint8_t b = 0;
  int32_t sec = 0, usec = 0;
  switch (plist_get_node_type(node)) {
    case PLIST_STRING: plist_get_string_val(node, &s); break;
    case PLIST_KEY: plist_get_key_val(node, &s); break;
    case PLIST_DATA: plist_get_data_val(node, &s, &u); break;
    case PLIST_UINT: plist_get_uint_val(node, &u); break;
    case PLIST_REAL: plist_get_real_val(node, &d); break;
    case PLIST_BOOLEAN: plist_get_bool_val(node, &b); break;
    case PLIST_DATE: plist_get_date_val(node, &sec, &usec); break;
    case PLIST_UID: plist_get_uid_val(node, &u); break;
    default: break;
  }
  std::free(s);
}

// Explicit stack: a recursion here would itself overflow on the inputs the
// guard exists to stop. Iterators, not plist_array_get_item(): that is O(n)
// per call on arrays from binary plists, which get no index.
void walk(plist_t root, size_t input_size) {
  std::vector<std::pair<plist_t, int>> stack{{root, 1}};
  // The binary guard allows one value per 4 bytes (+64); XML needs 7 per value.
  const uint64_t max_nodes = 64 + input_size / 4;
  uint64_t nodes = 0;
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (++nodes > max_nodes) broken_promise("expands to too many nodes", nodes, max_nodes);
    const plist_type type = plist_get_node_type(node);
    if (type == PLIST_ARRAY || type == PLIST_DICT) {
      if (depth > lc::plist::kMaxDepth) broken_promise("nests too deep", depth, lc::plist::kMaxDepth);
    }
    if (type == PLIST_ARRAY) {
      plist_array_iter it = nullptr;
      plist_array_new_iter(node, &it);
      for (;;) {
        plist_t item = nullptr;
        plist_array_next_item(node, it, &item);
        if (!item) break;
        stack.emplace_back(item, depth + 1);
      }
      std::free(it);
    } else if (type == PLIST_DICT) {
      plist_dict_iter it = nullptr;
      plist_dict_new_iter(node, &it);
      for (;;) {
        char* key = nullptr;
        plist_t value = nullptr;
        plist_dict_next_item(node, it, &key, &value);  // asserts on a key with a NUL
        if (!value) break;
        std::free(key);
        stack.emplace_back(value, depth + 1);
      }
      std::free(it);
    } else {
      read_scalar(node);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  lc::plist::GuardResult result;
  if (lc::plist::guard(bytes, lc::plist::kMaxInputBytes, lc::plist::kMaxDepth, &result)) return 0;
  plist_t root = nullptr;
  plist_from_memory(result.body.data(), static_cast<uint32_t>(result.body.size()), &root);
  if (root) {
    walk(root, size);
    plist_free(root);
  }
  return 0;
}
