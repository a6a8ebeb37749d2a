// The scenario catalogue: scenarios/README.md must be what
// `interleave catalogue scenarios --write scenarios/README.md` makes from the
// shipped files (this test fails when someone changes a scenario and forgets
// to regenerate it), and `catalogue --check` tells a stale page from a fresh
// one. Needs no database.
#include "report/catalogue_markdown.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "sim/parse/scenario_loader.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

namespace fs = std::filesystem;
using testing::SourceDir;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<Scenario> LoadAll(const std::string& folder) {
  std::vector<Scenario> scenarios;
  for (const std::string& file : FindScenarioFiles({folder}))
    scenarios.push_back(LoadScenario(file));
  return scenarios;
}

TEST(CatalogueTest, ReadmeIsUpToDate) {
  const std::string folder = SourceDir() + "/scenarios";
  const std::string page = FormatCatalogue(LoadAll(folder), folder);
  const std::string readme = ReadFile(folder + "/README.md");
  EXPECT_TRUE(readme == page)
      << "scenarios/README.md is stale: it no longer matches the scenario files. Regenerate it "
         "from the repository root with\n  interleave catalogue scenarios --write "
         "scenarios/README.md";
}

TEST(CatalogueTest, TableRowsNameAnomalyFixIsolationAndOutcome) {
  const std::string folder = SourceDir() + "/scenarios";
  const std::string page = FormatCatalogue(LoadAll(folder), folder);
  EXPECT_NE(page.find("| Anomaly | Scenario | Fix (variant) | Isolation | Expected outcome |"),
            std::string::npos);
  EXPECT_NE(page.find("(nextflix/dune_duplicate_insert.toml)"), std::string::npos);
  EXPECT_NE(page.find("| `for-update-as-written`: "), std::string::npos);
  EXPECT_NE(page.find("| READ COMMITTED (default) | anomaly |"), std::string::npos);
  EXPECT_NE(page.find("## Nextflix (nextflix/)"), std::string::npos);
  EXPECT_NE(page.find("## PeakPeeps (peakpeeps/)"), std::string::npos);
  // The isolation matrix of the textbook section.
  EXPECT_NE(page.find("| [write skew (A5B, G2-item)](textbook/write_skew.toml) | - | `anomaly` | "
                      "`anomaly` |"),
            std::string::npos);
}

TEST(CatalogueTest, TheTextDoesNotDependOnTheCurrentFolder) {
  const std::string folder = SourceDir() + "/scenarios";
  const std::string page = FormatCatalogue(LoadAll(folder), folder);
  const fs::path old = fs::current_path();
  fs::current_path(SourceDir());
  const std::string relative = FormatCatalogue(LoadAll("scenarios"), "scenarios");
  fs::current_path(old);
  EXPECT_EQ(page, relative);
}

TEST(CatalogueTest, CheckOptionTellsStaleFromFresh) {
  const fs::path dir =
      fs::temp_directory_path() / ("interleave_catalogue_test_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string readme = (dir / "README.md").string();
  const std::string scenarios = SourceDir() + "/scenarios/textbook";
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(RunCli({"catalogue", scenarios, "--write", readme}, out, err), kExitOk) << err.str();
  EXPECT_NE(ReadFile(readme).find("lost update (P4)"), std::string::npos);
  EXPECT_EQ(RunCli({"catalogue", scenarios, "--check", readme}, out, err), kExitOk) << err.str();
  std::ofstream(readme, std::ios::app) << "hand edit\n";
  std::ostringstream stale;
  EXPECT_EQ(RunCli({"catalogue", scenarios, "--check", readme}, out, stale), kExitMismatch);
  EXPECT_NE(stale.str().find("is stale"), std::string::npos);
  EXPECT_EQ(RunCli({"catalogue"}, out, err), kExitBadInput);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace interleave
