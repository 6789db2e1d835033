// Golden tests: fixtures/golden/<case>/input.plist -> expected/ (unit files
// and <target>.wants/ links) + expected.diag, byte for byte. An optional
// `args` file holds "--user". LC_UPDATE_GOLDEN=1 rewrites the expectations.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/translate.h"
#include "core/unit_writer.h"
#include "support/fake_probe.h"

namespace fs = std::filesystem;

namespace {

const fs::path kRoot = fs::path(LC_SOURCE_DIR) / "fixtures" / "golden";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// path -> content, or "-> target" for symlinks; relative to `dir`.
std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    // lexically: fs::relative() would resolve a wants symlink to its unit.
    std::string rel = e.path().lexically_relative(dir).string();
    if (e.is_symlink()) out[rel] = "-> " + fs::read_symlink(e.path()).string();
    else if (e.is_regular_file()) out[rel] = slurp(e.path());
  }
  return out;
}

struct Produced {
  std::map<std::string, std::string> files;
  std::string diag;
};

Produced produce(const std::string& name) {
  fs::path dir = kRoot / name;
  lc::TranslateOptions opt;
  std::string args = fs::exists(dir / "args") ? slurp(dir / "args") : "";
  if (args.find("--user") != std::string::npos) opt.domain = lc::Domain::User;
  lc::test::FakeProbe probe;
  // A fixed SourcePath keeps the output independent of the checkout location.
  std::string source = "/etc/launchd/LaunchDaemons/" + name + ".plist";
  lc::Translation t = lc::translate(slurp(dir / "input.plist"), source, opt, probe);
  Produced p;
  for (const auto& d : t.diagnostics.items()) p.diag += lc::render_text("input.plist", d) + "\n";
  fs::path out = fs::temp_directory_path() / ("lc-golden-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(out);
  if (t.ok() && !t.files.empty()) {
    auto err = lc::write_units(out, t);
    EXPECT_FALSE(err.has_value()) << *err;
  }
  p.files = tree(out);
  fs::remove_all(out);
  return p;
}

void update(const std::string& name, const Produced& p) {
  fs::path dir = kRoot / name;
  fs::remove_all(dir / "expected");
  fs::create_directories(dir / "expected");
  for (const auto& [rel, content] : p.files) {
    fs::path target = dir / "expected" / rel;
    fs::create_directories(target.parent_path());
    if (content.rfind("-> ", 0) == 0) fs::create_symlink(content.substr(3), target);
    else std::ofstream(target, std::ios::binary) << content;
  }
  std::ofstream(dir / "expected.diag", std::ios::binary) << p.diag;
}

std::vector<std::string> cases() {
  std::vector<std::string> out;
  if (!fs::exists(kRoot)) return out;
  for (const auto& e : fs::directory_iterator(kRoot))
    if (fs::exists(e.path() / "input.plist")) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

class Golden : public testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpectedUnitsAndDiagnostics) {
  const std::string name = GetParam();
  Produced p = produce(name);
  if (std::getenv("LC_UPDATE_GOLDEN") != nullptr) {
    update(name, p);
    return;
  }
  fs::path dir = kRoot / name;
  ASSERT_TRUE(fs::exists(dir / "expected.diag")) << "run with LC_UPDATE_GOLDEN=1 to create";
  auto expected = tree(dir / "expected");
  std::vector<std::string> want_names, got_names;
  for (const auto& [k, v] : expected) want_names.push_back(k);
  for (const auto& [k, v] : p.files) got_names.push_back(k);
  EXPECT_EQ(want_names, got_names) << "the set of output files differs";
  for (const auto& [rel, content] : expected) {
    if (p.files.count(rel)) {
      EXPECT_EQ(content, p.files.at(rel)) << rel;
    }
  }
  EXPECT_EQ(slurp(dir / "expected.diag"), p.diag) << "diagnostics differ";
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Golden, testing::ValuesIn(cases()),
                         [](const testing::TestParamInfo<std::string>& i) {
                           std::string n = i.param;
                           for (char& c : n)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

TEST(GoldenSuite, HasFixtures) { EXPECT_GE(cases().size(), 30u); }

}  // namespace
