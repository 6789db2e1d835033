#include "core/restart_policy.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

RestartPolicy policy(std::optional<bool> successful_exit, std::optional<bool> crashed, bool always = false) {
  KeepAlive ka;
  ka.always = always;
  ka.successful_exit = successful_exit;
  ka.crashed = crashed;
  return restart_policy(ka, true);
}

constexpr const char* kClean = "SIGHUP SIGINT SIGTERM SIGPIPE";
constexpr const char* kCrash = "SIGILL SIGABRT SIGFPE SIGBUS SIGSEGV SIGSYS SIGTRAP";

TEST(RestartPolicy, NoKeepAliveNeverRestarts) {
  RestartPolicy p = restart_policy(KeepAlive{}, false);
  EXPECT_EQ(p.restart, "no");
  EXPECT_FALSE(p.restarts_after_clean_exit);
}

TEST(RestartPolicy, KeepAliveTrueIsAlways) {
  RestartPolicy p = policy(std::nullopt, std::nullopt, true);
  EXPECT_EQ(p.restart, "always");
  EXPECT_EQ(p.prevent, "");
  EXPECT_TRUE(p.restarts_after_clean_exit);
}

TEST(RestartPolicy, SuccessfulExitTrueRestartsOnlyAfterExitZero) {
  RestartPolicy p = policy(true, std::nullopt);
  EXPECT_EQ(p.restart, "on-success");
  EXPECT_EQ(p.prevent, kClean);
  EXPECT_EQ(p.force, "");
  EXPECT_TRUE(p.restarts_after_clean_exit);
}

TEST(RestartPolicy, SuccessfulExitFalseRestartsAfterAnythingElse) {
  RestartPolicy p = policy(false, std::nullopt);
  EXPECT_EQ(p.restart, "on-failure");
  EXPECT_EQ(p.force, kClean);
  EXPECT_FALSE(p.restarts_after_clean_exit);
}

TEST(RestartPolicy, CrashedTrueForcesOnlyCrashSignals) {
  RestartPolicy p = policy(std::nullopt, true);
  EXPECT_EQ(p.restart, "no");
  EXPECT_EQ(p.force, kCrash);
  EXPECT_FALSE(p.restarts_after_clean_exit);
}

TEST(RestartPolicy, CrashedFalsePreventsCrashSignals) {
  RestartPolicy p = policy(std::nullopt, false);
  EXPECT_EQ(p.restart, "always");
  EXPECT_EQ(p.prevent, kCrash);
  EXPECT_TRUE(p.restarts_after_clean_exit);
}

TEST(RestartPolicy, ConditionsAreOred) {
  RestartPolicy a = policy(true, true);  // exit 0, or a crash
  EXPECT_EQ(a.restart, "on-success");
  EXPECT_EQ(a.prevent, kClean);
  EXPECT_EQ(a.force, kCrash);
  RestartPolicy b = policy(false, true);  // anything but exit 0 (crashes included)
  EXPECT_EQ(b.restart, "on-failure");
  EXPECT_EQ(b.force, kClean);
  RestartPolicy c = policy(true, false);  // anything but a crash
  EXPECT_EQ(c.restart, "always");
  EXPECT_EQ(c.prevent, kCrash);
  RestartPolicy d = policy(false, false);  // everything
  EXPECT_EQ(d.restart, "always");
  EXPECT_EQ(d.prevent, "");
}

}  // namespace
}  // namespace lc
