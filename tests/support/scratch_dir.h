// A fresh, empty directory for the running test, named after it.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace lc::test {

inline std::filesystem::path scratch_dir(const std::string& prefix) {
  auto p = std::filesystem::temp_directory_path() /
           (prefix + "-" + std::to_string(getpid()) + "-" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(p);
  return p;
}

}  // namespace lc::test
