#include "core/escape.h"

#include <gtest/gtest.h>

namespace lc::escape {
namespace {

TEST(ExecArgument, QuotesAndEscapesEverySpecialByte) {
  EXPECT_EQ(exec_argument("plain"), "\"plain\"");
  EXPECT_EQ(exec_argument(""), "\"\"");
  EXPECT_EQ(exec_argument("a b"), "\"a b\"");
  EXPECT_EQ(exec_argument("%s"), "\"%%s\"");
  EXPECT_EQ(exec_argument("$HOME ${X}"), "\"$$HOME $${X}\"");
  EXPECT_EQ(exec_argument("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(exec_argument("back\\slash"), "\"back\\\\slash\"");
  EXPECT_EQ(exec_argument("l1\nl2\tt"), "\"l1\\nl2\\tt\"");
  EXPECT_EQ(exec_argument(std::string("\x01\x7f", 2)), "\"\\x01\\x7f\"");
  EXPECT_EQ(exec_argument("it's;"), "\"it's;\"");
  EXPECT_EQ(exec_argument("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
}

TEST(ExecPath, RejectsWhatSystemdCannotExecute) {
  EXPECT_FALSE(exec_path_problem("/usr/bin/a b").has_value());
  EXPECT_EQ(*exec_path_problem("/bin/a\"b"),
            "the program path contains a quote or backslash, which systemd cannot execute");
  EXPECT_TRUE(exec_path_problem("/bin/a'b").has_value());
  EXPECT_TRUE(exec_path_problem("/bin/a\\b").has_value());
  EXPECT_EQ(*exec_path_problem("/bin/a\nb"), "the program path contains a control character");
  EXPECT_EQ(*exec_path_problem("/"), "the program path ends in '/'");
  EXPECT_EQ(*exec_path_problem(""), "the program path is empty");
}

TEST(EnvAssignment, EscapesButLeavesDollarAlone) {
  EXPECT_EQ(env_assignment("K", "a \"b\" $c %d \\e"), "\"K=a \\\"b\\\" $c %%d \\\\e\"");
  EXPECT_EQ(env_assignment("K", "l1\nl2"), "\"K=l1\\nl2\"");
  EXPECT_EQ(env_assignment("K", ""), "\"K=\"");
}

TEST(EnvName, FollowsSystemdRules) {
  EXPECT_TRUE(valid_env_name("PATH"));
  EXPECT_TRUE(valid_env_name("_x1"));
  EXPECT_FALSE(valid_env_name("1X"));
  EXPECT_FALSE(valid_env_name("A-B"));
  EXPECT_FALSE(valid_env_name("A.B"));
  EXPECT_FALSE(valid_env_name(""));
}

TEST(PathProblem, RejectsBlanksAtTheEdgesAndControlCharacters) {
  EXPECT_FALSE(path_problem("/var/log/a b.log").has_value());
  EXPECT_EQ(*path_problem(" /x"), "the path begins or ends with a blank, which systemd would strip");
  EXPECT_TRUE(path_problem("/x ").has_value());
  EXPECT_EQ(*path_problem("/x\ny"), "the path contains a control character, which systemd cannot express");
  EXPECT_EQ(*path_problem(""), "the path is empty");
}

TEST(NormalizePath, RemovesDotsAndDoubleSlashes) {
  EXPECT_EQ(normalize_path("/a//b/./c/../d/"), "/a/b/d");
  EXPECT_EQ(normalize_path("/work/main/../shared"), "/work/shared");
  EXPECT_EQ(normalize_path("/"), "/");
  EXPECT_EQ(normalize_path("/.."), "/");
}

TEST(UnitNamePart, KeepsSafeBytesAndEscapesTheRest) {
  EXPECT_EQ(unit_name_part("com.example.foo-bar_1:2", 255), "com.example.foo-bar_1:2");
  EXPECT_EQ(unit_name_part("a b/c@d", 255), "a\\x20b\\x2fc\\x40d");
  EXPECT_EQ(unit_name_part(".hidden", 255), "\\x2ehidden");
  EXPECT_EQ(unit_name_part("caf\xc3\xa9", 255), "caf\\xc3\\xa9");
  EXPECT_EQ(unit_name_part("back\\slash", 255), "back\\x5cslash");
}

TEST(UnitNamePart, TruncatesLongNamesWithAHashAndNeverSplitsAnEscape) {
  std::string label(300, 'a');
  std::string n = unit_name_part(label, 200);
  EXPECT_EQ(n.size(), 200u);
  EXPECT_EQ(n.substr(0, 191), std::string(191, 'a'));
  EXPECT_EQ(n[191], '-');
  EXPECT_NE(unit_name_part(label, 200), unit_name_part(label + "b", 200));
  std::string spaced(150, ' ');  // every byte becomes \x20 (4 bytes)
  std::string s = unit_name_part(spaced, 200);
  EXPECT_LE(s.size(), 200u);
  EXPECT_EQ((s.size() - 9) % 4, 0u) << s;
}

TEST(Record, RoundTripsAnyString) {
  for (std::string s : {std::string("plain"), std::string(" lead and trail "), std::string("a\\b%c"),
                        std::string("nl\nx\ttab"), std::string("\x01\x7f", 2), std::string("")}) {
    std::string r = record(s);
    EXPECT_EQ(r.find('\n'), std::string::npos);
    EXPECT_EQ(unrecord(r), s) << r;
  }
  EXPECT_EQ(record(" x "), "\\x20x\\x20");
  EXPECT_EQ(record("50%"), "50%%");
}

TEST(FdName, EncodesWhatSystemdRejects) {
  EXPECT_EQ(fd_name("Listeners"), "Listeners");
  EXPECT_EQ(fd_name(":0"), "%3A0");
  EXPECT_EQ(fd_name("a b%"), "a%20b%25");
}

TEST(CEscape, MakesOneLine) {
  EXPECT_EQ(c_escape("a\nb\tc\x01"), "a\\nb\\tc\\x01");
  EXPECT_EQ(c_escape("keep \\ and \""), "keep \\ and \"");
}

}  // namespace
}  // namespace lc::escape
