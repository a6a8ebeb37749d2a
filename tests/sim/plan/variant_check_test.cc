// Tests of CheckVariants (sim/plan/variant_check.h): the references of a
// variant's replaced and added steps, in the clients as the variant changes
// them. The parser keeps them; the check throws. No database.
#include "sim/plan/variant_check.h"

#include <gtest/gtest.h>

#include <string>

#include "sim/parse/toml_parser.h"

namespace interleave {
namespace {

// Two clients of two steps each; variants are appended (from line 21).
const char kBase[] = R"toml(title = "t"
anomaly = "a"
story = "s"
setup = "CREATE TABLE t (v int)"
[[clients]]
name = "alex"
  [[clients.steps]]
  name = "a1"
  sql = "SELECT v FROM t"
  [[clients.steps]]
  name = "a2"
  sql = "SELECT 2"
[[clients]]
name = "robin"
  [[clients.steps]]
  name = "r1"
  sql = "SELECT 1"
[[schedules]]
name = "s"
steps = "a1 r1 a2"
)toml";

std::string CheckError(const Scenario& scenario) {
  try {
    CheckVariants(scenario);
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

TEST(VariantCheckTest, ParserKeepsTheReferencesAndTheCheckThrows) {
  const std::string text = std::string(kBase) +
                           "[[variants]]\nname = \"v\"\n[[variants.add]]\nclient = \"alex\"\n"
                           "name = \"n\"\nsql = \"SELECT ${a2.v}\"\n";
  Scenario scenario;
  ASSERT_NO_THROW(scenario = ParseScenarioText(text, "x.toml"));
  ASSERT_EQ(scenario.variants.size(), 1u);
  const auto& references = scenario.variants[0].step_references;
  ASSERT_EQ(references.count("n"), 1u);
  ASSERT_EQ(references.at("n").size(), 1u);
  EXPECT_EQ(references.at("n")[0].step, "a2");
  EXPECT_EQ(references.at("n")[0].usage, "${a2.v} in the sql of step \"n\"");
  EXPECT_EQ(references.at("n")[0].pos.ToString(), "x.toml:26:15");
  EXPECT_EQ(CheckError(scenario),
            "x.toml:26:15: error: ${a2.v} in the sql of step \"n\" names \"a2\", which client "
            "alex runs later; expected an earlier step of client alex, but \"n\" is its first "
            "step");
}

TEST(VariantCheckTest, ReplacedStepMayNameAStepTheVariantAddsBeforeIt) {
  // a2 now runs after the added a1x: valid only in the client as changed.
  const std::string text =
      std::string(kBase) +
      "[[variants]]\nname = \"v\"\n[variants.replace]\na2 = { if_found = \"a1x\" }\n"
      "[[variants.add]]\nclient = \"alex\"\nafter = \"a1\"\nname = \"a1x\"\nsql = \"SELECT 3\"\n";
  const Scenario scenario = ParseScenarioText(text, "x.toml");
  EXPECT_EQ(CheckError(scenario), "no error");
  // The same reference from robin's step names a step of another client.
  const std::string other =
      std::string(kBase) +
      "[[variants]]\nname = \"v\"\n[variants.replace]\nr1 = { if_found = \"a1x\" }\n"
      "[[variants.add]]\nclient = \"alex\"\nafter = \"a1\"\nname = \"a1x\"\nsql = \"SELECT 3\"\n";
  EXPECT_EQ(CheckError(ParseScenarioText(other, "x.toml")),
            "x.toml:24:19: error: if_found of step \"r1\" names \"a1x\", a step of client alex; "
            "expected an earlier step of client robin, but \"r1\" is its first step");
}

TEST(VariantCheckTest, StepsWithoutReferencesNeedNoCheck) {
  const std::string text =
      std::string(kBase) + "[[variants]]\nname = \"v\"\n[variants.replace]\na2 = \"SELECT 4\"\n";
  const Scenario scenario = ParseScenarioText(text, "x.toml");
  EXPECT_TRUE(scenario.variants[0].step_references.empty());
  EXPECT_EQ(CheckError(scenario), "no error");
}

}  // namespace
}  // namespace interleave
