#include "core/key_table.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace lc {
namespace {

TEST(KeyTable, FindsEveryKeyAndNothingElse) {
  for (const auto& k : top_level_keys()) {
    const KeySpec* found = find_key(k.name);
    ASSERT_NE(found, nullptr) << k.name;
    EXPECT_EQ(found->name, k.name);
  }
  EXPECT_EQ(find_key("Sockets")->disposition, Disposition::Unit);
  EXPECT_EQ(find_key("enabletransactions"), nullptr) << "launchd keys are case-sensitive";
  EXPECT_EQ(find_key(""), nullptr);
}

TEST(KeyTable, EveryRowEitherReadsTheKeyOrSaysWhy) {
  for (const auto& k : top_level_keys()) {
    bool reads = k.read != nullptr;
    bool explains = !k.message.empty();
    EXPECT_NE(reads, explains) << k.name;
    bool message_row = k.disposition == Disposition::Error || k.disposition == Disposition::Unsupported ||
                       k.disposition == Disposition::Inert;
    EXPECT_EQ(message_row, explains) << k.name;
  }
}

TEST(KeyTable, EveryKeyIsDocumentedInKeysMd) {
  std::ifstream in(std::string(LC_SOURCE_DIR) + "/docs/keys.md");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  for (const auto& k : top_level_keys())
    EXPECT_NE(doc.find("`" + std::string(k.name) + "`"), std::string::npos) << k.name << " missing from docs/keys.md";
}

}  // namespace
}  // namespace lc
