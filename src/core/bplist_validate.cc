// Structural validation of bplist00 input before libplist 2.2 sees it (SPEC §9).
//
// libplist 2.2's binary parser recurses once per nesting level with a check
// that is quadratic in the depth, parses (and copies) a shared sub-object once
// per reference to it, and lacks several range checks on the offset table
// (reference/systemd-252.md §6). This file walks the same object graph the way
// that parser would, but iteratively and in linear time, and refuses every
// file that would make the parser recurse deeply, expand super-linearly or
// read outside the object area.

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/plist_guard.h"

namespace lc::plist {
namespace {

using Error = std::optional<std::string>;

constexpr uint64_t kHeaderSize = 8;  // "bplist00"
constexpr uint64_t kTrailerSize = 32;
// Shared strings and data are copied by libplist once per reference. Real
// files share their key strings; a blow-up needs a large string shared many
// times. Copies may add up to this many times the file size.
constexpr uint64_t kMaxExpansion = 16;
// Each reference becomes a libplist node of ~100 bytes, and a reference can
// take a single byte: 1 MiB of references to one integer is 100 MB of tree.
// Real files spend well over 10 bytes per value; XML at least 7.
constexpr uint64_t kBytesPerValue = 4;
constexpr uint64_t kValueSlack = 64;  // so that tiny files never hit the ratio

template <typename... Args>
std::string fail(fmt::format_string<Args...> format, Args&&... args) {
  return "binary plist: " + fmt::format(format, std::forward<Args>(args)...);
}

uint64_t read_be(std::string_view b, uint64_t pos, unsigned n) {
  uint64_t v = 0;
  for (unsigned i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(b[pos + i]);
  return v;
}

struct Trailer {
  unsigned offset_size = 0;
  unsigned ref_size = 0;
  uint64_t num_objects = 0;
  uint64_t top_object = 0;
  uint64_t table = 0;  // offset of the offset table = end of the object area
};

Error read_trailer(std::string_view b, Trailer* t) {
  if (b.size() < kHeaderSize + 1 + kTrailerSize)
    return fail("file is {} bytes, too short for a header, an object and a trailer", b.size());
  if (b.substr(0, kHeaderSize) != "bplist00") return fail("missing 'bplist00' header");
  const uint64_t at = b.size() - kTrailerSize;
  t->offset_size = static_cast<uint8_t>(b[at + 6]);
  t->ref_size = static_cast<uint8_t>(b[at + 7]);
  t->num_objects = read_be(b, at + 8, 8);
  t->top_object = read_be(b, at + 16, 8);
  t->table = read_be(b, at + 24, 8);
  if (t->offset_size < 1 || t->offset_size > 8)
    return fail("trailer offset size {} is invalid (must be 1 to 8)", t->offset_size);
  if (t->ref_size < 1 || t->ref_size > 8)
    return fail("trailer object reference size {} is invalid (must be 1 to 8)", t->ref_size);
  if (t->num_objects == 0) return fail("trailer says the file holds no objects");
  // Every object takes at least one byte, so this also bounds all later work.
  if (t->num_objects > b.size())
    return fail("trailer claims {} objects in a {}-byte file", t->num_objects, b.size());
  if (t->top_object >= t->num_objects)
    return fail("top object {} is out of range ({} objects)", t->top_object, t->num_objects);
  // num_objects <= size, so the product cannot overflow.
  const uint64_t table_bytes = t->num_objects * t->offset_size;
  if (t->table < kHeaderSize || t->table > at || table_bytes > at - t->table)
    return fail("offset table at offset {} ({} entries of {} bytes) does not fit between "
                "the header and the trailer at offset {}",
                t->table, t->num_objects, t->offset_size, at);
  return std::nullopt;
}

enum class Kind { Scalar, Ascii, Utf16, Data, Array, Dict };

struct Object {
  Kind kind = Kind::Scalar;
  uint8_t marker = 0;
  uint64_t body = 0;   // where the characters, bytes or references start
  uint64_t count = 0;  // characters, bytes or entries
};

// What a marker byte announces: a scalar of `fixed` bytes, or (unit > 0) a
// length followed by that many elements of `unit` bytes each.
struct Shape {
  Kind kind;
  uint64_t fixed;
  uint64_t unit;
};

// Only the markers libplist 2.2 can parse into a value are accepted, and for
// integers, reals and UIDs only the widths it reads without overrunning.
std::optional<Shape> shape_of(uint8_t m, unsigned ref_size) {
  const unsigned low = m & 0x0F;
  switch (m >> 4) {
    case 0x0:  // null, false, true, fill
      if (low == 0x0 || low == 0x8 || low == 0x9 || low == 0xF) return Shape{Kind::Scalar, 0, 0};
      return std::nullopt;
    case 0x1:  // integer of 2^low bytes; libplist 2.2 also reads 16-byte ones
      if (low <= 4) return Shape{Kind::Scalar, uint64_t{1} << low, 0};
      return std::nullopt;
    case 0x2:  // real, 4 or 8 bytes
      if (low == 2 || low == 3) return Shape{Kind::Scalar, uint64_t{1} << low, 0};
      return std::nullopt;
    case 0x3:  // date
      if (low == 3) return Shape{Kind::Scalar, 8, 0};
      return std::nullopt;
    case 0x8:  // UID of low+1 bytes
      if (low <= 7) return Shape{Kind::Scalar, low + 1u, 0};
      return std::nullopt;
    case 0x4: return Shape{Kind::Data, 0, 1};
    case 0x5: return Shape{Kind::Ascii, 0, 1};
    case 0x6: return Shape{Kind::Utf16, 0, 2};
    case 0xA:  // array
    case 0xC:  // set, which libplist reads as an array
      return Shape{Kind::Array, 0, ref_size};
    case 0xD: return Shape{Kind::Dict, 0, 2u * ref_size};
    default: return std::nullopt;
  }
}

bool is_container(Kind k) { return k == Kind::Array || k == Kind::Dict; }

class Walker {
 public:
  Walker(std::string_view b, const Trailer& t, int max_depth)
      : b_(b), t_(t), max_depth_(max_depth), seen_(t.table, kUnseen),
        ref_budget_(t.table - kHeaderSize),
        copy_budget_(kMaxExpansion * b.size()),
        value_budget_(kValueSlack + b.size() / kBytesPerValue) {}

  Error run();

 private:
  enum : uint8_t { kUnseen, kScalarChecked, kContainerEntered };

  struct Frame {
    Object obj;
    uint64_t next = 0;  // dict: 2*j is key j, 2*j+1 is value j (libplist's order)
    int depth = 0;
  };

  Error check_offsets();
  Error parse(uint64_t off, Object* obj) const;
  Error read_count(uint64_t off, uint64_t* pos, uint64_t* count) const;
  Error visit(uint64_t index, uint64_t ref_at, int depth, bool is_key);
  Error check_scalar(uint64_t index, uint64_t off, const Object& obj);
  Error enter(uint64_t index, uint64_t off, const Object& obj, int depth);

  uint64_t offset_of(uint64_t index) const {
    return read_be(b_, t_.table + index * t_.offset_size, t_.offset_size);
  }

  std::string_view b_;
  Trailer t_;
  int max_depth_;
  std::vector<uint8_t> seen_;  // per byte of the object area, keyed by object offset
  std::vector<Frame> stack_;
  uint64_t ref_budget_;   // reference bytes the containers may still hold
  uint64_t copy_budget_;  // string/data bytes libplist may still copy
  uint64_t value_budget_;  // values (tree nodes) libplist may still create
};

Error Walker::check_offsets() {
  for (uint64_t i = 0; i < t_.num_objects; ++i) {
    const uint64_t off = offset_of(i);
    if (off < kHeaderSize || off >= t_.table)
      return fail("object {} has offset {}, outside the object area [{}, {})", i, off,
                  kHeaderSize, t_.table);
  }
  return std::nullopt;
}

// A length of 15 in the marker means the real length follows as an integer
// object; libplist 2.2 accepts any integer width there, we accept 1 to 8 bytes.
Error Walker::read_count(uint64_t off, uint64_t* pos, uint64_t* count) const {
  if (*pos >= t_.table) return fail("object at offset {} runs past the object area", off);
  const uint8_t m = static_cast<uint8_t>(b_[*pos]);
  if ((m & 0xF0) != 0x10 || (m & 0x0F) > 3)
    return fail("object at offset {} has an invalid length marker 0x{:02X}", off, m);
  const unsigned n = 1u << (m & 0x0F);
  if (n > t_.table - *pos - 1) return fail("object at offset {} runs past the object area", off);
  *count = read_be(b_, *pos + 1, n);
  *pos += 1 + n;
  return std::nullopt;
}

Error Walker::parse(uint64_t off, Object* obj) const {
  const uint8_t m = static_cast<uint8_t>(b_[off]);
  const std::optional<Shape> shape = shape_of(m, t_.ref_size);
  if (!shape) return fail("unknown object type 0x{:02X} at offset {}", m, off);
  obj->kind = shape->kind;
  obj->marker = m;
  uint64_t pos = off + 1;
  if (shape->unit == 0) {
    if (shape->fixed > t_.table - pos)
      return fail("object at offset {} runs past the object area", off);
    obj->body = pos;
    return std::nullopt;
  }
  uint64_t count = m & 0x0F;
  if (count == 0xF) {
    if (auto e = read_count(off, &pos, &count)) return e;
  }
  // Division, not multiplication: count comes from the file.
  if (count > (t_.table - pos) / shape->unit)
    return fail("object at offset {} with length {} runs past the object area", off, count);
  obj->body = pos;
  obj->count = count;
  return std::nullopt;
}

// libplist 2.2 keeps a NUL-truncated length for ASCII strings but the full
// length for UTF-16 ones, and plist_get_string_val() then asserts; a NUL in a
// launchd string is never meaningful, so both are refused.
Error Walker::check_scalar(uint64_t index, uint64_t off, const Object& obj) {
  uint64_t copied = 0;
  if (obj.kind == Kind::Ascii) copied = obj.count + 1;
  if (obj.kind == Kind::Data) copied = obj.count;
  if (obj.kind == Kind::Utf16) copied = 4 * obj.count + 4;  // libplist's UTF-8 buffer
  if (copied > copy_budget_)
    return fail("shared strings and data expand to more than {} times the file size",
                kMaxExpansion);
  copy_budget_ -= copied;
  if (seen_[off] == kScalarChecked) return std::nullopt;  // keeps repeated refs linear
  seen_[off] = kScalarChecked;
  bool has_nul = false;
  if (obj.kind == Kind::Ascii) has_nul = std::memchr(b_.data() + obj.body, 0, obj.count);
  for (uint64_t i = 0; obj.kind == Kind::Utf16 && i < obj.count && !has_nul; ++i)
    has_nul = b_[obj.body + 2 * i] == 0 && b_[obj.body + 2 * i + 1] == 0;
  if (has_nul) return fail("string object {} at offset {} contains a NUL character", index, off);
  return std::nullopt;
}

Error Walker::enter(uint64_t index, uint64_t off, const Object& obj, int depth) {
  // Keyed by offset, so two indexes aliasing one container count as sharing.
  if (seen_[off] == kContainerEntered)
    return fail("container object {} at offset {} is referenced more than once "
                "(cycle or shared container)",
                index, off);
  seen_[off] = kContainerEntered;
  if (depth > max_depth_) return fail("nesting deeper than {} levels", max_depth_);
  // Distinct containers of an honest file occupy disjoint bytes; overlapping
  // ones would let a small file describe a huge number of references.
  const uint64_t ref_bytes = obj.count * (obj.kind == Kind::Dict ? 2 : 1) * t_.ref_size;
  if (ref_bytes > ref_budget_)
    return fail("containers overlap: object {} at offset {} brings the references past the "
                "size of the object area",
                index, off);
  ref_budget_ -= ref_bytes;
  stack_.push_back(Frame{obj, 0, depth});
  return std::nullopt;
}

Error Walker::visit(uint64_t index, uint64_t ref_at, int depth, bool is_key) {
  if (index >= t_.num_objects)
    return fail("reference at offset {} to object {}, but there are only {} objects", ref_at,
                index, t_.num_objects);
  if (value_budget_-- == 0)
    return fail("more than {} values in a {}-byte file (at most one per {} bytes)",
                kValueSlack + b_.size() / kBytesPerValue, b_.size(), kBytesPerValue);
  const uint64_t off = offset_of(index);
  Object obj;
  if (auto e = parse(off, &obj)) return e;
  if (is_key && obj.kind != Kind::Ascii && obj.kind != Kind::Utf16)
    return fail("dict key object {} at offset {} is not a string (type 0x{:02X})", index, off,
                obj.marker);
  if (is_container(obj.kind)) return enter(index, off, obj, depth);
  return check_scalar(index, off, obj);
}

Error Walker::run() {
  if (auto e = check_offsets()) return e;
  const uint64_t top_field = b_.size() - kTrailerSize + 16;  // where the root is "referenced"
  if (auto e = visit(t_.top_object, top_field, 1, false)) return e;
  const unsigned rs = t_.ref_size;
  while (!stack_.empty()) {
    Frame& f = stack_.back();
    const bool dict = f.obj.kind == Kind::Dict;
    if (f.next == (dict ? 2 * f.obj.count : f.obj.count)) {
      stack_.pop_back();
      continue;
    }
    const uint64_t step = f.next++;
    const bool is_key = dict && step % 2 == 0;
    const uint64_t slot = !dict ? step : is_key ? step / 2 : f.obj.count + step / 2;
    const uint64_t ref_at = f.obj.body + slot * rs;
    const int depth = f.depth + 1;  // read before visit() may reallocate stack_
    if (auto e = visit(read_be(b_, ref_at, rs), ref_at, depth, is_key)) return e;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> validate_bplist(std::string_view bytes, int max_depth) {
  Trailer t;
  if (auto e = read_trailer(bytes, &t)) return e;
  return Walker(bytes, t, max_depth).run();
}

}  // namespace lc::plist
