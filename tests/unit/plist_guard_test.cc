// Tests for the pre-parse guard (SPEC §9): every hostile input class from
// reference/systemd-252.md §6 is refused with its exact message, and every
// real-world plist in the shared corpus still gets through to libplist.

#include "core/plist_guard.h"

#include <chrono>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <plist/plist.h>

namespace lc::plist {
namespace {

using namespace std::string_literals;

constexpr size_t kMaxBytes = 1u << 20;
constexpr int kDepth = 32;

// The guard's verdict: the error message, or "" when the input is accepted.
std::string verdict(std::string_view bytes, size_t max_bytes = kMaxBytes, int depth = kDepth) {
  GuardResult r;
  auto e = guard(bytes, max_bytes, depth, &r);
  return e ? *e : "";
}

// Parses an accepted body the way the loader does; true when libplist returns a tree.
bool libplist_parses(std::string_view body) {
  plist_t p = nullptr;
  plist_from_memory(body.data(), static_cast<uint32_t>(body.size()), &p);
  if (!p) return false;
  plist_free(p);
  return true;
}

// ---- binary plist construction -------------------------------------------

std::string be(uint64_t v, unsigned n) {
  std::string s(n, '\0');
  for (unsigned i = 0; i < n; ++i) s[n - 1 - i] = static_cast<char>(v >> (8 * i));
  return s;
}

// Marker plus length, using the extended form (low nibble 0xF) from 15 on.
std::string header(uint8_t type, uint64_t count) {
  if (count < 15) return std::string(1, static_cast<char>(type | count));
  return std::string(1, static_cast<char>(type | 0xF)) + "\x13" + be(count, 8);
}

std::string int_obj(uint8_t v) { return "\x10"s + static_cast<char>(v); }
std::string ascii(std::string_view s) { return header(0x50, s.size()) + std::string(s); }

std::string refs_obj(uint8_t type, const std::vector<uint64_t>& refs, uint64_t count,
                     unsigned ref_size) {
  std::string s = header(type, count);
  for (uint64_t r : refs) s += be(r, ref_size);
  return s;
}

std::string array(const std::vector<uint64_t>& refs, unsigned ref_size = 1) {
  return refs_obj(0xA0, refs, refs.size(), ref_size);
}

// keys_then_values holds n key refs followed by n value refs.
std::string dict(const std::vector<uint64_t>& keys_then_values, unsigned ref_size = 1) {
  return refs_obj(0xD0, keys_then_values, keys_then_values.size() / 2, ref_size);
}

struct Bplist {
  std::vector<std::string> objects;  // encoded, in index order, laid out from offset 8
  unsigned ref_size = 1;
  unsigned offset_size = 1;
  uint64_t top = 0;

  uint64_t offset_of(size_t index) const {
    uint64_t off = 8;
    for (size_t i = 0; i < index; ++i) off += objects[i].size();
    return off;
  }

  std::string build() const {
    std::string out = "bplist00";
    std::vector<uint64_t> offsets;
    for (const auto& o : objects) {
      offsets.push_back(out.size());
      out += o;
    }
    const uint64_t table = out.size();
    for (uint64_t off : offsets) {
      if (offset_size < 8 && off >> (8 * offset_size)) ADD_FAILURE() << "offset_size too small";
      out += be(off, offset_size);
    }
    out += std::string(6, '\0');
    out += static_cast<char>(offset_size);
    out += static_cast<char>(ref_size);
    out += be(objects.size(), 8) + be(top, 8) + be(table, 8);
    return out;
  }
};

// Trailer fields, as offsets from the end of the file.
constexpr size_t kNumObjectsField = 24;
constexpr size_t kTopObjectField = 16;
constexpr size_t kTableOffsetField = 8;

void set_trailer(std::string& b, size_t field_from_end, uint64_t v) {
  b.replace(b.size() - field_from_end, 8, be(v, 8));
}

// Object i is [i+1, i+1]: 22 levels expand to 4 M nodes and ~1 GB in libplist 2.2.
std::string billion_laughs(int levels) {
  Bplist p;
  for (int i = 0; i < levels; ++i) p.objects.push_back(array({uint64_t(i + 1), uint64_t(i + 1)}));
  p.objects.push_back(int_obj(1));
  return p.build();
}

// Object i is [i+1]: libplist 2.2 recurses per level with a quadratic check.
std::string nested_chain(int levels) {
  Bplist p;
  p.ref_size = 3;
  p.offset_size = 3;
  for (int i = 0; i < levels; ++i) p.objects.push_back(array({uint64_t(i + 1)}, 3));
  p.objects.push_back(int_obj(1));
  return p.build();
}

std::string libplist_binary(plist_t root) {
  char* bin = nullptr;
  uint32_t len = 0;
  plist_to_bin(root, &bin, &len);
  std::string out(bin, len);
  free(bin);
  return out;
}

std::string nested_xml(int levels, std::string_view open = "<array>",
                       std::string_view close = "</array>") {
  std::string s = "<plist version=\"1.0\">";
  for (int i = 0; i < levels; ++i) s += open;
  for (int i = 0; i < levels; ++i) s += close;
  return s + "</plist>";
}

const std::string kSmallXml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
    "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
    "<plist version=\"1.0\"><dict><key>Label</key><string>com.example.x</string></dict>"
    "</plist>\n";

// ---- framing: size, emptiness, encodings, formats ------------------------

TEST(PlistGuard, RejectsAnEmptyFile) { EXPECT_EQ(verdict(""), "empty file"); }

TEST(PlistGuard, RejectsAWhitespaceOnlyFile) {
  EXPECT_EQ(verdict(" \n\t\r\n  "), "empty file");
  EXPECT_EQ(verdict("\xEF\xBB\xBF \n"), "empty file");
}

TEST(PlistGuard, RejectsAFileOverTheSizeLimit) {
  const std::string big(2u << 20, ' ');
  EXPECT_EQ(verdict(big), "file is 2097152 bytes, larger than the 1048576-byte limit");
}

TEST(PlistGuard, AcceptsAFileOfExactlyTheSizeLimit) {
  std::string s = kSmallXml;
  s.resize(4096, ' ');
  EXPECT_EQ(verdict(s, 4096), "");
  EXPECT_EQ(verdict(s, 4095), "file is 4096 bytes, larger than the 4095-byte limit");
}

TEST(PlistGuard, AcceptsPlainXmlAndHandsItOnUnchanged) {
  GuardResult r;
  ASSERT_FALSE(guard(kSmallXml, kMaxBytes, kDepth, &r));
  EXPECT_EQ(r.format, Format::Xml);
  EXPECT_EQ(r.body, kSmallXml);
  EXPECT_TRUE(libplist_parses(r.body));
}

TEST(PlistGuard, StripsAUtf8ByteOrderMarkSoLibplistCanParse) {
  const std::string with_bom = "\xEF\xBB\xBF" + kSmallXml;
  ASSERT_FALSE(libplist_parses(with_bom));  // the reason the guard strips it
  GuardResult r;
  ASSERT_FALSE(guard(with_bom, kMaxBytes, kDepth, &r));
  EXPECT_EQ(r.format, Format::Xml);
  EXPECT_EQ(r.body, kSmallXml);
  EXPECT_TRUE(libplist_parses(r.body));
}

TEST(PlistGuard, RejectsUtf16WithAByteOrderMark) {
  EXPECT_EQ(verdict("\xFF\xFE<\0?\0x\0m\0l\0"s), "UTF-16 encoded plists are not supported");
  EXPECT_EQ(verdict("\xFE\xFF\0<\0?\0x\0m\0l"s), "UTF-16 encoded plists are not supported");
}

TEST(PlistGuard, RejectsUtf16WithoutAByteOrderMark) {
  EXPECT_EQ(verdict("<\0?\0x\0m\0l\0"s), "UTF-16 encoded plists are not supported");
  EXPECT_EQ(verdict("\0<\0?\0x\0m\0l"s), "UTF-16 encoded plists are not supported");
}

TEST(PlistGuard, RejectsUtf32) {
  EXPECT_EQ(verdict("\xFF\xFE\0\0<\0\0\0"s), "UTF-32 encoded plists are not supported");
  EXPECT_EQ(verdict("\0\0\xFE\xFF\0\0\0<"s), "UTF-32 encoded plists are not supported");
}

TEST(PlistGuard, RejectsANulByteInsideAnXmlString) {
  // libplist parses this, and plist_get_string_val() then aborts the process.
  const std::string s = "<plist><dict><key>Label</key><string>a\0b</string></dict></plist>"s;
  EXPECT_EQ(verdict(s), "NUL byte at offset 38");
}

TEST(PlistGuard, CountsTheNulOffsetFromTheStartOfTheFileIncludingTheBom) {
  EXPECT_EQ(verdict("\xEF\xBB\xBF<plist>\0"s), "NUL byte at offset 10");
}

TEST(PlistGuard, RejectsJson) {
  const std::string json =
      "JSON property lists are not supported; launchd reads XML and binary plists";
  EXPECT_EQ(verdict(R"({"Label": "x", "RunAtLoad": true})"), json);
  EXPECT_EQ(verdict("\n  {\n  \"Label\" : \"x\"\n}\n"), json);
  EXPECT_EQ(verdict(R"(["a", "b"])"), json);
}

TEST(PlistGuard, RejectsOpenStep) {
  const std::string openstep =
      "OpenStep (old-style ASCII) property lists are not supported; launchd reads XML and "
      "binary plists";
  EXPECT_EQ(verdict("{ Label = x; ProgramArguments = (a, b); }"), openstep);
  EXPECT_EQ(verdict(R"({ "Label" = "x"; })"), openstep);
  EXPECT_EQ(verdict("(a, b)"), openstep);
  EXPECT_EQ(verdict("\"just a string\""), openstep);
}

TEST(PlistGuard, RejectsTextThatIsNoPropertyList) {
  EXPECT_EQ(verdict("#!/bin/sh\necho hi\n"), "not a property list (neither XML nor binary)");
  EXPECT_EQ(verdict("Label: x\n"), "not a property list (neither XML nor binary)");
}

TEST(PlistGuard, RejectsUnsupportedBinaryPlistVersions) {
  EXPECT_EQ(verdict("bplist16" + std::string(64, '\0')),
            "unsupported binary plist version 'bplist16'");
  EXPECT_EQ(verdict("bplist15" + std::string(64, '\0')),
            "unsupported binary plist version 'bplist15'");
  EXPECT_EQ(verdict("bplist\x01\n"), "unsupported binary plist version 'bplist\\x01\\x0a'");
}

// ---- XML nesting -----------------------------------------------------------

TEST(PlistGuard, RejectsDeepXmlNestingBeforeLibplistCanOverflowTheStack) {
  // 100k levels: libplist parses them, but plist_free() recursion dies near 200k.
  std::string deep = "<plist>";
  for (int i = 0; i < 100000; ++i) deep += "<array>";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(verdict(deep), "nesting deeper than 32 levels");
  // Not a benchmark: only catches a scan that went quadratic.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(PlistGuard, AcceptsXmlNestedExactlyToTheLimit) {
  EXPECT_EQ(verdict(nested_xml(32)), "");
  EXPECT_EQ(verdict(nested_xml(33)), "nesting deeper than 32 levels");
  EXPECT_EQ(verdict(nested_xml(20, "<dict><key>k</key>", "</dict>")), "");
  EXPECT_EQ(verdict(nested_xml(33, "<dict><key>k</key>", "</dict>")),
            "nesting deeper than 32 levels");
  EXPECT_TRUE(libplist_parses(nested_xml(32)));
}

TEST(PlistGuard, CountsOpeningTagsWithAttributesAndWhitespace) {
  EXPECT_EQ(verdict(nested_xml(33, "<array >", "</array>")), "nesting deeper than 32 levels");
  EXPECT_EQ(verdict(nested_xml(33, "<array\n  id=\"x\">", "</array >")),
            "nesting deeper than 32 levels");
}

TEST(PlistGuard, DoesNotCountSelfClosingContainers) {
  std::string s = "<plist><array>";
  for (int i = 0; i < 1000; ++i) s += "<array/><dict/><array /><dict\n/>";
  s += "</array></plist>";
  EXPECT_EQ(verdict(s), "");
  EXPECT_TRUE(libplist_parses(s));
}

TEST(PlistGuard, IgnoresTagsInsideCommentsCdataAndProcessingInstructions) {
  std::string opens;
  for (int i = 0; i < 100; ++i) opens += "<array><dict>";
  const std::string s = "<?xml version=\"1.0\"?><!-- " + opens + " a < b -- c -->" +
                        "<?pi " + opens + " ?><plist><array><string><![CDATA[" + opens +
                        "]]></string></array></plist>";
  EXPECT_EQ(verdict(s), "");
  EXPECT_TRUE(libplist_parses(s));
}

TEST(PlistGuard, StopsScanningAtAnUnterminatedCommentAndLeavesTheErrorToLibplist) {
  std::string s = "<plist><array><!-- ";
  for (int i = 0; i < 100; ++i) s += "<array>";
  GuardResult r;
  EXPECT_FALSE(guard(s, kMaxBytes, kDepth, &r));
  EXPECT_FALSE(libplist_parses(r.body));
}

// The scan must skip exactly what libplist skips: each of these hides a
// comment opener where libplist does not see one, then nests deeply.
TEST(PlistGuard, IsNotFooledByACommentOpenerThatLibplistDoesNotSee) {
  const std::string deep = nested_xml(100);
  const std::vector<std::string> prefixes = {
      "<!DOCTYPE plist [ <!-- ]>",    // libplist ends the DOCTYPE at "]>"
      "<?pi \"?>\" <!-- ?>",          // quotes hide "?>" from libplist
      "<?>",                          // libplist: a complete processing instruction
      "<plist a=\">\" b=\"<!--\">",   // quoted '>' and "<!--" inside a tag
  };
  for (const auto& prefix : prefixes) {
    const std::string s = prefix + deep + "-->";
    EXPECT_EQ(verdict(s), "nesting deeper than 32 levels") << prefix;
    EXPECT_TRUE(libplist_parses(s)) << prefix << ": libplist should see all 100 levels";
  }
}

std::string dict_with_keys(int n, std::string_view prefix = "<plist><array>") {
  std::string s(prefix);
  s += "<dict>";
  for (int i = 0; i < n; ++i) s += "<key>k" + std::to_string(i) + "</key><true/>";
  return s + "</dict></array></plist>";
}

TEST(PlistGuard, RejectsADictWithMoreKeysThanLibplistInsertsInReasonableTime) {
  EXPECT_EQ(verdict(dict_with_keys(1000)), "");
  EXPECT_TRUE(libplist_parses(dict_with_keys(1000)));
  EXPECT_EQ(verdict(dict_with_keys(1001)), "dict at offset 14 has more than 1000 keys");
  // Duplicates count too: libplist replaces each one by a linear search.
  std::string dup = "<plist><dict>";
  for (int i = 0; i < 1001; ++i) dup += "<key>same</key><true/>";
  EXPECT_EQ(verdict(dup + "</dict></plist>"), "dict at offset 7 has more than 1000 keys");
}

TEST(PlistGuard, CountsKeysPerDict) {
  // Two dicts of 600 keys each, one nested in the other, and keys in an array.
  std::string s = "<plist><dict>";
  for (int i = 0; i < 600; ++i) s += "<key>a" + std::to_string(i) + "</key><true/>";
  s += "<key>inner</key><dict>";
  for (int i = 0; i < 600; ++i) s += "<key>b" + std::to_string(i) + "</key><true/>";
  s += "</dict><key>list</key><array>";
  for (int i = 0; i < 600; ++i) s += "<key>c</key><key/>";
  s += "</array></dict></plist>";
  EXPECT_EQ(verdict(s), "");
  EXPECT_TRUE(libplist_parses(s));
}

TEST(PlistGuard, RejectsXmlDictKeysThatCollideInLibplistsHashTable) {
  // "az" and "bY" have the same djb2 hash, so all 2^16 keys built from them
  // land in one bucket: 20,000 of them (1 MiB) take libplist 2.2 seconds.
  std::string s = "<plist><dict>";
  for (unsigned i = 0; i < 20000; ++i) {
    s += "<key>";
    for (int bit = 0; bit < 16; ++bit) s += (i >> bit) & 1 ? "bY" : "az";
    s += "</key><true/>";
  }
  s += "</dict></plist>";
  EXPECT_EQ(verdict(s), "dict at offset 7 has more than 1000 keys");
}

TEST(PlistGuard, ScansAMegabyteOfXmlQuickly) {
  std::string s = "<plist><array>";
  while (s.size() < kMaxBytes - 100)
    s += "<dict><key>k</key><array><string>a&lt;b</string><!-- c --></array></dict>";
  s += "</array></plist>";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(verdict(s), "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

// ---- binary plists ---------------------------------------------------------

TEST(PlistGuard, AcceptsABinaryPlistWrittenByLibplist) {
  plist_t root = plist_new_dict();
  plist_dict_set_item(root, "Label", plist_new_string("com.example.x"));
  plist_t args = plist_new_array();
  plist_array_append_item(args, plist_new_string("/bin/echo"));
  plist_array_append_item(args, plist_new_string("h\xC3\xA9llo"));
  plist_dict_set_item(root, "ProgramArguments", args);
  plist_dict_set_item(root, "RunAtLoad", plist_new_bool(1));
  plist_dict_set_item(root, "Nice", plist_new_uint(5));
  plist_dict_set_item(root, "Blob", plist_new_data("\0\1\2", 3));
  const std::string bin = libplist_binary(root);
  plist_free(root);

  GuardResult r;
  ASSERT_FALSE(guard(bin, kMaxBytes, kDepth, &r));
  EXPECT_EQ(r.format, Format::Binary);
  EXPECT_EQ(r.body, bin);
  EXPECT_TRUE(libplist_parses(r.body));
}

TEST(PlistGuard, AcceptsSharedKeyStringsInBinaryPlists) {
  // Three dicts sharing key and value objects, as Apple's writer produces.
  Bplist p;
  p.objects = {array({1, 2, 3}), dict({4, 5}), dict({4, 5}), dict({4, 5}), ascii("Label"),
               ascii("x")};
  const std::string bin = p.build();
  EXPECT_EQ(verdict(bin), "");
  EXPECT_TRUE(libplist_parses(bin));
}

TEST(PlistGuard, RejectsTheBinaryBillionLaughs) {
  const std::string bin = billion_laughs(22);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(verdict(bin),
            "binary plist: container object 21 at offset 71 is referenced more than once "
            "(cycle or shared container)");
  // libplist is never called: the guard alone refuses it, without expanding it.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(PlistGuard, RejectsADeepBinaryChainBeforeLibplistRecursesIntoIt) {
  const std::string bin = nested_chain(200000);
  // Larger than the 1 MiB production limit, so raise it to reach the walk.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(verdict(bin, 8u << 20), "binary plist: nesting deeper than 32 levels");
  EXPECT_EQ(verdict(nested_chain(50000)), "binary plist: nesting deeper than 32 levels");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(PlistGuard, AcceptsABinaryChainExactlyAtTheDepthLimit) {
  EXPECT_EQ(verdict(nested_chain(32)), "");
  EXPECT_TRUE(libplist_parses(nested_chain(32)));
  EXPECT_EQ(verdict(nested_chain(33)), "binary plist: nesting deeper than 32 levels");
}

TEST(PlistGuard, RejectsABinaryArrayContainingItself) {
  Bplist p;
  p.objects = {array({0})};
  EXPECT_EQ(verdict(p.build()),
            "binary plist: container object 0 at offset 8 is referenced more than once "
            "(cycle or shared container)");
}

TEST(PlistGuard, RejectsTwoObjectIndexesAliasingOneContainer) {
  // Objects 1 and 2 share one offset: expansion by aliasing instead of by reference.
  Bplist p;
  p.objects = {array({1, 2}), array({3}), int_obj(7), int_obj(7)};
  std::string bin = p.build();
  const size_t table = bin.size() - 32 - 4;
  bin[table + 2] = bin[table + 1];  // object 2's offset := object 1's offset
  EXPECT_EQ(verdict(bin),
            "binary plist: container object 2 at offset 11 is referenced more than once "
            "(cycle or shared container)");
}

TEST(PlistGuard, RejectsATruncatedBinaryPlist) {
  Bplist p;
  p.objects = {array({1}), ascii("hello")};
  const std::string bin = p.build();
  EXPECT_EQ(verdict(bin.substr(0, 30)),
            "binary plist: file is 30 bytes, too short for a header, an object and a trailer");
  EXPECT_EQ(verdict("bplist0"),
            "binary plist: file is 7 bytes, too short for a header, an object and a trailer");
  // Cut in the middle: the "trailer" is now object bytes.
  EXPECT_NE(verdict(bin.substr(0, bin.size() - 5)), "");
}

TEST(PlistGuard, RejectsBadTrailerFields) {
  Bplist p;
  p.objects = {array({1}), int_obj(1)};
  const std::string good = p.build();
  const size_t at = good.size() - 32;

  std::string b = good;
  b[at + 6] = 0;
  EXPECT_EQ(verdict(b), "binary plist: trailer offset size 0 is invalid (must be 1 to 8)");
  b = good;
  b[at + 7] = 9;
  EXPECT_EQ(verdict(b),
            "binary plist: trailer object reference size 9 is invalid (must be 1 to 8)");
  b = good;
  set_trailer(b, kNumObjectsField, 0);
  EXPECT_EQ(verdict(b), "binary plist: trailer says the file holds no objects");
  b = good;
  set_trailer(b, kNumObjectsField, ~uint64_t{0});
  EXPECT_EQ(verdict(b), "binary plist: trailer claims 18446744073709551615 objects in a 46-byte "
                        "file");
  b = good;
  set_trailer(b, kTopObjectField, 2);
  EXPECT_EQ(verdict(b), "binary plist: top object 2 is out of range (2 objects)");
}

TEST(PlistGuard, RejectsAnOffsetTableOutsideTheFile) {
  Bplist p;
  p.objects = {array({1}), int_obj(1)};
  std::string b = p.build();  // 46 bytes: objects 8..12, table 12..14, trailer 14..46
  set_trailer(b, kTableOffsetField, 46);
  EXPECT_EQ(verdict(b), "binary plist: offset table at offset 46 (2 entries of 1 bytes) does not "
                        "fit between the header and the trailer at offset 14");
  set_trailer(b, kTableOffsetField, ~uint64_t{0} - 1);
  EXPECT_EQ(verdict(b), "binary plist: offset table at offset 18446744073709551614 (2 entries of 1 "
                        "bytes) does not fit between the header and the trailer at offset 14");
  set_trailer(b, kTableOffsetField, 4);
  EXPECT_EQ(verdict(b), "binary plist: offset table at offset 4 (2 entries of 1 bytes) does not "
                        "fit between the header and the trailer at offset 14");
}

TEST(PlistGuard, RejectsAnObjectOffsetOutsideTheObjectArea) {
  Bplist p;
  p.objects = {array({1}), int_obj(1)};
  std::string b = p.build();
  b[b.size() - 32 - 1] = 40;  // object 1 now "lives" in the trailer
  EXPECT_EQ(verdict(b),
            "binary plist: object 1 has offset 40, outside the object area [8, 12)");
  b[b.size() - 32 - 1] = 3;  // ... or in the header
  EXPECT_EQ(verdict(b), "binary plist: object 1 has offset 3, outside the object area [8, 12)");
}

TEST(PlistGuard, RejectsAReferenceToANonexistentObject) {
  Bplist p;
  p.objects = {array({1, 99}), int_obj(1)};
  EXPECT_EQ(verdict(p.build()),
            "binary plist: reference at offset 10 to object 99, but there are only 2 objects");
}

TEST(PlistGuard, RejectsLengthsRunningPastTheObjectArea) {
  Bplist p;
  p.objects = {array({1}), "\x5F\x13" + be(uint64_t{1} << 62, 8) + "abc"};
  EXPECT_EQ(verdict(p.build()),
            "binary plist: object at offset 10 with length 4611686018427387904 runs past the "
            "object area");
  p.objects = {array({1}), "\x6F\x10\x40" "ab"};  // 64 UTF-16 units in 2 bytes
  EXPECT_EQ(verdict(p.build()),
            "binary plist: object at offset 10 with length 64 runs past the object area");
  p.objects = {"\xAF\x11\xFF\xFF", int_obj(0)};  // 65535 refs in no bytes
  EXPECT_EQ(verdict(p.build()),
            "binary plist: object at offset 8 with length 65535 runs past the object area");
  p.objects = {array({1}), "\x13\x00"};  // an 8-byte integer with 1 byte
  EXPECT_EQ(verdict(p.build()), "binary plist: object at offset 10 runs past the object area");
  p.objects = {array({1}), "\x5F\x14"s + std::string(16, '\0')};  // 16-byte length
  EXPECT_EQ(verdict(p.build()),
            "binary plist: object at offset 10 has an invalid length marker 0x14");
}

TEST(PlistGuard, RejectsUnknownBinaryObjectTypes) {
  for (uint8_t marker : {0x70, 0x90, 0xB0, 0xE0, 0xF0, 0x01, 0x15, 0x21, 0x30, 0x8F}) {
    Bplist p;
    p.objects = {array({1}), std::string(1, static_cast<char>(marker)) + std::string(16, '\0')};
    char expected[80];
    std::snprintf(expected, sizeof expected,
                  "binary plist: unknown object type 0x%02X at offset 10", marker);
    EXPECT_EQ(verdict(p.build()), expected);
  }
}

TEST(PlistGuard, RejectsADictKeyThatIsNotAString) {
  Bplist p;
  p.objects = {dict({1, 1}), int_obj(1)};
  EXPECT_EQ(verdict(p.build()),
            "binary plist: dict key object 1 at offset 11 is not a string (type 0x10)");
}

TEST(PlistGuard, RejectsBinaryStringsContainingNul) {
  Bplist p;
  p.objects = {array({1}), ascii("a\0b"s)};
  EXPECT_EQ(verdict(p.build()),
            "binary plist: string object 1 at offset 10 contains a NUL character");
  // UTF-16 U+0000 makes libplist's plist_get_string_val() abort.
  p.objects = {array({1}), "\x62\x00\x41\x00\x00"s};
  EXPECT_EQ(verdict(p.build()),
            "binary plist: string object 1 at offset 10 contains a NUL character");
  // A NUL byte inside a non-NUL UTF-16 unit is fine.
  p.objects = {array({1}), "\x62\x01\x00\x00\x41"s};
  EXPECT_EQ(verdict(p.build()), "");
  EXPECT_TRUE(libplist_parses(p.build()));
}

TEST(PlistGuard, RejectsAManyTimesSharedLargeString) {
  // 4 KB of file that libplist would turn into 400 KB of string copies.
  Bplist p;
  p.ref_size = 1;
  p.objects = {array(std::vector<uint64_t>(100, 1)), ascii(std::string(4000, 'x'))};
  EXPECT_EQ(verdict(p.build()),
            "binary plist: shared strings and data expand to more than 16 times the file size");
  p.objects = {array(std::vector<uint64_t>(10, 1)), ascii(std::string(4000, 'x'))};
  EXPECT_EQ(verdict(p.build()), "");
}

TEST(PlistGuard, RejectsABinaryPlistDescribingMoreValuesThanItsSizeJustifies) {
  // 40,000 one-byte references to one integer: libplist would build 40,000
  // nodes (~100 bytes each) from 40 KB.
  Bplist p;
  p.offset_size = 2;
  p.objects = {array(std::vector<uint64_t>(40000, 1)), int_obj(7)};
  const std::string bin = p.build();
  EXPECT_EQ(verdict(bin), "binary plist: more than 10078 values in a 40056-byte file (at most "
                          "one per 4 bytes)");
  p.objects = {array(std::vector<uint64_t>(40, 1)), int_obj(7)};
  EXPECT_EQ(verdict(p.build()), "");
}

TEST(PlistGuard, RejectsContainersWhoseReferencesOverlap) {
  // Objects 0..14 start one byte apart, each an array whose reference bytes
  // are the next objects' markers (indexes 160..173, all one integer): 105
  // references packed into 15 bytes. The third one exceeds the object area.
  Bplist p;
  std::string packed;
  for (int k = 0; k < 15; ++k) packed += static_cast<char>(0xAE - k);
  p.objects = {packed, array({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}), int_obj(7)};
  p.top = 1;
  std::string b = p.build();
  // Rewrite the table: 174 entries, 0..14 inside the packed run, 15 the
  // root, the rest the integer.
  const uint64_t root = p.offset_of(1), integer = p.offset_of(2), table = p.offset_of(3);
  b.resize(table);
  for (int i = 0; i < 174; ++i) b += static_cast<char>(i < 15 ? 8 + i : i == 15 ? root : integer);
  b += std::string(6, '\0') + "\x01\x01" + be(174, 8) + be(15, 8) + be(table, 8);
  EXPECT_EQ(verdict(b),
            "binary plist: containers overlap: object 2 at offset 10 brings the references past "
            "the size of the object area");
}

// ---- the real-world corpus -------------------------------------------------

// LC_CORPUS_DIR, else ../shared/corpus/real beside the repository.
std::filesystem::path corpus_dir() {
  if (const char* env = std::getenv("LC_CORPUS_DIR")) return env;
#if defined(LC_CORPUS_DEFAULT)
  return LC_CORPUS_DEFAULT;
#elif defined(LC_SOURCE_DIR)
  return std::filesystem::path(LC_SOURCE_DIR) / "../shared/corpus/real";
#else
  return std::filesystem::path(__FILE__).parent_path() / "../../../shared/corpus/real";
#endif
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Files the guard must pass although libplist 2.2 itself rejects them as
// XML; nothing before the parser can repair them.
const std::set<std::string> kLibplistRejects = {
    // C preprocessor lines (#if TARGET_OS_OSX) between dict entries
    "apple-diskarbitration__com.apple.diskarbitrationd.plist",
    // an unescaped '&&' inside a <string>
    "macports-ports__org.macports.ssh-askpass-mac.plist",
};

TEST(PlistGuard, AcceptsEveryPlistInTheRealWorldCorpus) {
  const auto dir = corpus_dir();
  ASSERT_TRUE(std::filesystem::is_directory(dir))
      << "the real-world plist corpus is absent: expected it at " << dir
      << " (set LC_CORPUS_DIR to point elsewhere)";
  int files = 0, binary = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name == "KEYS.md" || name == "MANIFEST.tsv") continue;
    const std::string bytes = read_file(entry.path());
    ++files;
    GuardResult r;
    const auto error = guard(bytes, kMaxBytes, kDepth, &r);
    EXPECT_FALSE(error) << name << ": " << *error;
    if (error) continue;
    binary += r.format == Format::Binary;
    EXPECT_EQ(libplist_parses(r.body), !kLibplistRejects.count(name)) << name;
  }
  // 583 files, 24 of them binary, when this was written.
  EXPECT_GE(files, 583) << "files missing from the corpus at " << dir;
  EXPECT_GE(binary, 24);
}

}  // namespace
}  // namespace lc::plist
