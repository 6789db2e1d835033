#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/reader_util.h"
#include "translate_test_util.h"

namespace lc::test {
namespace {

using testing::ElementsAre;
using testing::IsEmpty;

TEST(JobReader, AcceptsAMinimalJobSilently) {
  Translation t = translate_dict(kMinimal);
  EXPECT_TRUE(t.ok());
  EXPECT_THAT(diags(t), IsEmpty());
  EXPECT_EQ(t.label, "com.x");
  ASSERT_EQ(t.files.size(), 1u);
  EXPECT_EQ(t.files[0].name, "com.x.service");
}

TEST(JobReader, RefusesAMissingLabel) {
  Translation t = translate_dict("<key>Program</key><string>/bin/sh</string>");
  EXPECT_THAT(diags(t), ElementsAre("x.plist: error: Label: the required key Label is missing"));
  EXPECT_TRUE(t.files.empty());
}

TEST(JobReader, RefusesAJobWithoutAProgram) {
  Translation t = translate_dict("<key>Label</key><string>a</string>");
  EXPECT_THAT(diags(t), ElementsAre("x.plist: error: ProgramArguments: neither Program nor "
                                    "ProgramArguments is given"));
}

TEST(JobReader, RefusesAnEmptyArgumentArray) {
  EXPECT_THAT(diags(translate_dict("<key>Label</key><string>a</string>"
                                   "<key>ProgramArguments</key><array/>")),
              ElementsAre("x.plist: error: ProgramArguments: the array is empty and there is no Program"));
}

TEST(JobReader, RefusesRelativeProgramPaths) {
  EXPECT_THAT(diags(translate_dict("<key>Label</key><string>a</string>"
                                   "<key>Program</key><string>bin/x</string>")),
              ElementsAre("x.plist: error: Program: 'bin/x' is not an absolute path"));
  EXPECT_THAT(diags(translate_dict("<key>Label</key><string>a</string><key>ProgramArguments</key>"
                                   "<array><string>./x</string></array>")),
              ElementsAre("x.plist: error: ProgramArguments[0]: './x' is a relative path; give "
                          "an absolute path or a bare name"));
}

TEST(JobReader, RefusesTemplatesNamingTheKey) {
  Translation t = translate_dict("<key>Label</key><string>a</string><key>Program</key>"
                                 "<string>@PREFIX@/bin/x</string>");
  EXPECT_THAT(diags(t), ElementsAre("x.plist: error: Program: unexpanded build-time placeholder "
                                    "'@PREFIX@': this is a template, not an installable plist"));
  EXPECT_EQ(read::placeholder("{{IPFS_BIN}}/x"), "{{IPFS_BIN}}");
  EXPECT_EQ(read::placeholder("@@ARTIFACTNAME@@"), "@@ARTIFACTNAME@@");
  EXPECT_EQ(read::placeholder("__PREFIX__/sbin"), "__PREFIX__");
  EXPECT_EQ(read::placeholder("%%PREFIX%%"), "%%PREFIX%%");
  EXPECT_EQ(read::placeholder("user@example.com"), "");
  EXPECT_EQ(read::placeholder("python -c __init__"), "");
}

TEST(JobReader, WarnsOnUnknownKeysAndWrongTypes) {
  Translation t = translate_dict(std::string(kMinimal) +
                                 "<key>Bogus</key><true/><key>RunAtLoad</key><string>yes</string>");
  EXPECT_TRUE(t.ok());
  EXPECT_THAT(diags(t), ElementsAre("x.plist: warning: Bogus: unknown key, ignoring.",
                                    "x.plist: warning: RunAtLoad: expected boolean, got string, ignoring."));
}

TEST(JobReader, RefusesOutOfRangeValues) {
  EXPECT_THAT(diags(translate_dict(std::string(kMinimal) + "<key>Nice</key><integer>-21</integer>")),
              ElementsAre("x.plist: error: Nice: -21 is out of range (-20..20)"));
  EXPECT_THAT(diags(translate_dict(std::string(kMinimal) +
                                   "<key>StartCalendarInterval</key><dict><key>Hour</key>"
                                   "<integer>24</integer></dict>")),
              ElementsAre("x.plist: error: StartCalendarInterval.Hour: 24 is out of range (0..23)"));
  EXPECT_THAT(diags(translate_dict(std::string(kMinimal) + "<key>Umask</key><integer>512</integer>")),
              ElementsAre("x.plist: error: Umask: 512 is out of range (0..511, i.e. 0..0777)"));
}

TEST(JobReader, ReadsUmaskStringsTheWayStrtoulDoes) {
  Translation t = translate_dict(std::string(kMinimal) + "<key>Umask</key><string>022</string>");
  EXPECT_TRUE(has_line(t, "com.x.service", "UMask=0022"));
  Translation d = translate_dict(std::string(kMinimal) + "<key>Umask</key><integer>63</integer>");
  EXPECT_TRUE(has_line(d, "com.x.service", "UMask=0077"));
}

TEST(JobReader, NamesNestedKeysWithPaths) {
  Translation t = translate_dict(std::string(kMinimal) +
                                 "<key>Sockets</key><dict><key>L</key><array><dict>"
                                 "<key>SockServiceName</key><string>80</string></dict><dict>"
                                 "<key>SockFoo</key><true/><key>SockServiceName</key>"
                                 "<string>81</string></dict></array></dict>");
  EXPECT_THAT(diags(t), ElementsAre("x.plist: warning: Sockets.L[1].SockFoo: unknown socket key, ignoring."));
}

TEST(JobReader, NotesRuntimeKeys) {
  Translation t = translate_dict(std::string(kMinimal) +
                                 "<key>KeepAlive</key><dict><key>NetworkState</key><true/></dict>"
                                 "<key>StartOnMount</key><true/>");
  EXPECT_THAT(diags(t), ElementsAre("x.plist: note: KeepAlive.NetworkState: watched by launchd-compatd",
                                    "x.plist: note: StartOnMount: started on mounts by launchd-compatd"));
}

TEST(JobReader, NamesKeysWithNoLinuxMeaning) {
  Translation t = translate_dict(std::string(kMinimal) +
                                 "<key>MachServices</key><dict/><key>ServiceIPC</key><true/>"
                                 "<key>BundleProgram</key><string>x</string>");
  EXPECT_THAT(diags(t),
              ElementsAre("x.plist: warning: MachServices: Mach services have no Linux equivalent; "
                          "clients that look these names up will not find the job, ignoring.",
                          "x.plist: note: ServiceIPC: obsolete; launchd ignores it too, ignoring.",
                          "x.plist: error: BundleProgram: resolved inside an app bundle registered "
                          "with SMAppService; macOS-only, give Program or ProgramArguments instead"));
}

TEST(JobReader, SkipsJobsForTheOtherDomain) {
  Translation t = translate_dict(std::string(kMinimal) +
                                 "<key>LimitLoadToSessionType</key><string>Aqua</string>");
  EXPECT_TRUE(t.ok());
  EXPECT_TRUE(t.skipped);
  EXPECT_TRUE(t.files.empty());
  EXPECT_THAT(diags(t), ElementsAre("x.plist: note: LimitLoadToSessionType: the job is for session "
                                    "type 'Aqua', not the system domain; skipping"));
  Translation u = translate_dict(std::string(kMinimal) +
                                 "<key>LimitLoadToSessionType</key><array><string>Aqua</string>"
                                 "</array>", Domain::User);
  EXPECT_FALSE(u.skipped);
  EXPECT_EQ(u.files.size(), 1u);
}

TEST(JobReader, ReportsParseErrorsForTheWholeFile) {
  static const FakeProbe probe;
  Translation t = translate("{\"Label\": \"x\"}", "/x", TranslateOptions{}, probe);
  ASSERT_EQ(diags(t).size(), 1u);
  EXPECT_EQ(diags(t)[0].rfind("x.plist: error: JSON property lists are not supported", 0), 0u) << diags(t)[0];
  Translation n = translate("<plist><array/></plist>", "/x", TranslateOptions{}, probe);
  EXPECT_THAT(diags(n), ElementsAre("x.plist: error: the top level is an array, not a dictionary"));
}

}  // namespace
}  // namespace lc::test
