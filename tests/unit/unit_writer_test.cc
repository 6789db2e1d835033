#include "core/unit_writer.h"
#include "support/scratch_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace lc {
namespace {

class UnitWriterTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::scratch_dir("lc-writer");
  }
  void TearDown() override { fs::remove_all(dir_); }

  static Translation two_units() {
    Translation t;
    t.files.push_back({"a.service", std::string(kHeaderPrefix) + "test\n[Service]\n"});
    t.files.push_back({"a.socket", std::string(kHeaderPrefix) + "test\n[Socket]\n"});
    t.wants.push_back({"sockets.target", "a.socket"});
    return t;
  }

  static std::string read(const fs::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  fs::path dir_;
};

TEST_F(UnitWriterTest, WritesUnitsAndWantsLinks) {
  ASSERT_FALSE(write_units(dir_, two_units()));
  EXPECT_EQ(read(dir_ / "a.service"), std::string(kHeaderPrefix) + "test\n[Service]\n");
  EXPECT_EQ(fs::read_symlink(dir_ / "sockets.target.wants" / "a.socket"), "../a.socket");
}

TEST_F(UnitWriterTest, ReplacesItsOwnFiles) {
  ASSERT_FALSE(write_units(dir_, two_units()));
  Translation t = two_units();
  t.files[0].text += "Nice=1\n";
  ASSERT_FALSE(write_units(dir_, t));
  EXPECT_NE(read(dir_ / "a.service").find("Nice=1"), std::string::npos);
}

TEST_F(UnitWriterTest, NeverOverwritesAForeignUnitAndWritesNothingThen) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "a.socket") << "[Socket]\nListenStream=1\n";
  auto err = write_units(dir_, two_units());
  ASSERT_TRUE(err);
  EXPECT_EQ(*err, "'a.socket' exists and was not written by launchd-compat, not replacing it");
  EXPECT_FALSE(fs::exists(dir_ / "a.service")) << "nothing of a failed input may be left";
  EXPECT_EQ(read(dir_ / "a.socket"), "[Socket]\nListenStream=1\n");
  for (const auto& e : fs::directory_iterator(dir_))
    EXPECT_EQ(e.path().filename().string().find(".#"), std::string::npos) << "temp file left";
}

TEST_F(UnitWriterTest, NeverFollowsASymlink) {
  fs::create_directories(dir_);
  fs::path victim = dir_ / "victim";
  std::ofstream(victim) << "precious";
  fs::create_symlink(victim, dir_ / "a.service");
  auto err = write_units(dir_, two_units());
  ASSERT_TRUE(err);
  EXPECT_EQ(*err, "'a.service' exists and is not a regular file, not replacing it");
  EXPECT_EQ(read(victim), "precious");
}

TEST_F(UnitWriterTest, RemovesOnlyItsOwnUnitsAndTheirLinks) {
  ASSERT_FALSE(write_units(dir_, two_units()));
  std::ofstream(dir_ / "b.service") << "[Service]\n";
  ASSERT_FALSE(remove_units(dir_, {"a.service", "a.socket", "b.service"}));
  EXPECT_FALSE(fs::exists(dir_ / "a.service"));
  EXPECT_FALSE(fs::exists(fs::symlink_status(dir_ / "sockets.target.wants" / "a.socket")));
  EXPECT_TRUE(fs::exists(dir_ / "b.service"));
}

}  // namespace
}  // namespace lc
