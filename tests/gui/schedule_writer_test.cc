// Saving an interleaving built in class into its scenario file.
#include "gui/schedule_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/model/source_pos.h"
#include "sim/parse/toml_parser.h"
#include "tests/test_support.h"

namespace interleave::gui {
namespace {

const char* kScenario = R"toml(title = "Two clerks"
anomaly = "lost update (P4)"
story = "Alex and Robin add to the same counter."
setup = "CREATE TABLE t (id int PRIMARY KEY, n int); INSERT INTO t VALUES (1, 10);"

[[clients]]
name = "alex"
  [[clients.steps]]
  name = "a1"
  sql = "UPDATE t SET n = n + 1 WHERE id = 1"

[[clients]]
name = "robin"
  [[clients.steps]]
  name = "b1"
  sql = "UPDATE t SET n = n + 2 WHERE id = 1"

[[schedules]]
name = "picked in class"
steps = "a1 b1"

[[checks]]
name = "sum"
sql = "SELECT n FROM t"
expect_any = ["13"]
explain = "Both additions must count."
)toml";

TEST(ScheduleWriterTest, TomlStringsAreEscaped) {
  EXPECT_EQ(TomlString("plain"), "\"plain\"");
  EXPECT_EQ(TomlString("a \"quote\" and \\ back"), "\"a \\\"quote\\\" and \\\\ back\"");
  EXPECT_EQ(TomlString("line\nbreak\t"), "\"line\\nbreak\\t\"");
  EXPECT_EQ(TomlString(std::string("\x01", 1)), "\"\\u0001\"");
}

TEST(ScheduleWriterTest, AppendsAScheduleThatParses) {
  Scenario before = ParseScenarioText(kScenario, "two.toml");
  std::string name = UniqueScheduleName(before, "picked in class");
  EXPECT_EQ(name, "picked in class 2");
  std::string text =
      AppendScheduleText(kScenario, "two.toml", name, {"b1", "a1"}, "robin went \"first\"");
  EXPECT_EQ(text.rfind(kScenario, 0), 0u);  // the file's text is kept as it was
  Scenario after = ParseScenarioText(text, "two.toml");
  ASSERT_EQ(after.schedules.size(), 2u);
  EXPECT_EQ(after.schedules[1].name, "picked in class 2");
  EXPECT_EQ(after.schedules[1].description, "robin went \"first\"");
  ASSERT_EQ(after.schedules[1].entries.size(), 2u);
  EXPECT_EQ(after.schedules[1].entries[0].step, "b1");
}

TEST(ScheduleWriterTest, RejectsASchedulThatDoesNotFit) {
  EXPECT_THROW(AppendScheduleText(kScenario, "two.toml", "short", {"a1"}, ""), InputError);
  EXPECT_THROW(AppendScheduleText(kScenario, "two.toml", "picked in class", {"a1", "b1"}, ""),
               InputError);  // the name is taken
}

TEST(ScheduleWriterTest, SavesIntoTheFileOrLeavesItAlone) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("interleave-gui-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "two.toml").string();
  {
    std::ofstream out(path);
    out << kScenario;
  }
  EXPECT_EQ(SaveSchedule(path, "robin first", {"b1", "a1"}, ""), "");
  Scenario saved = ParseScenarioFile(path);
  ASSERT_EQ(saved.schedules.size(), 2u);
  EXPECT_EQ(saved.schedules[1].name, "robin first");

  std::string error = SaveSchedule(path, "broken", {"b1"}, "");
  EXPECT_NE(error.find("does not fit"), std::string::npos) << error;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().find("broken"), std::string::npos);
  EXPECT_NE(SaveSchedule((dir / "x.spec").string(), "n", {"a"}, "").find("only TOML"),
            std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace interleave::gui
