// Tests of the verdict line of a variant in the text report: a clean run
// leads with the serial order it is equivalent to, and says it once.
#include <gtest/gtest.h>

#include "report/text_variant.h"
#include "sim/judge/verdict.h"
#include "tests/sample_traces.h"
#include "tests/sim/explain/history_builder.h"
#include "tests/sim/judge/recorded_sample.h"

namespace interleave {
namespace {

// Alex reads and raises the price and commits; then robin does the same from
// alex's value: a serial run, equivalent to alex then robin.
VariantResult SerialRunWithoutChecks() {
  Scenario scenario = sample::LostUpdateScenario();
  scenario.checks.clear();
  sample::TraceBuilder b({"alex", "robin"}, Isolation::kReadCommitted, "");
  b.Done(0, "a1", "BEGIN", {sample::Tag("BEGIN")});
  b.Done(0, "a2", "SELECT price FROM products WHERE id = 1", {sample::Rows({"price"}, {{"10"}})});
  b.Done(0, "a3", "UPDATE products SET price = 30 WHERE id = 1", {sample::Tag("UPDATE 1")});
  b.Done(0, "a4", "COMMIT", {sample::Tag("COMMIT")});
  b.Done(1, "b1", "BEGIN", {sample::Tag("BEGIN")});
  b.Done(1, "b2", "SELECT price FROM products WHERE id = 1", {sample::Rows({"price"}, {{"30"}})});
  b.Done(1, "b3", "UPDATE products SET price = 60 WHERE id = 1", {sample::Tag("UPDATE 1")});
  b.Done(1, "b4", "COMMIT", {sample::Tag("COMMIT")});
  Trace trace = b.trace();

  explain_test::HistoryBuilder h;
  VersionId x0 = h.Initial("products", "id=1", "price=10");
  int alex = h.Txn("alex");
  int robin = h.Txn("robin");
  h.Read(alex, "a2", "products", {{"id=1", x0, "price=10"}});
  VersionId x1 = h.Write(alex, "a3", "products", "id=1", "price=30");
  h.Read(robin, "b2", "products", {{"id=1", x1, "price=30"}});
  h.Write(robin, "b3", "products", "id=1", "price=60");
  trace.explained = true;
  trace.history = h.Build();

  VariantResult result;
  result.trace = trace;
  result.verdict = Judge(scenario, trace);
  return result;
}

size_t Occurrences(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

TEST(VerdictSentenceTest, ACleanRunLeadsWithItsSerialOrderAndSaysItOnce) {
  VariantResult result = SerialRunWithoutChecks();
  ASSERT_EQ(text::VerdictWords(result.verdict), "no anomaly");
  const std::string sentence = text::VerdictSentence(result);
  EXPECT_EQ(sentence.rfind("serializable: equivalent to alex then robin. ", 0), 0u) << sentence;
  EXPECT_EQ(Occurrences(sentence, "equivalent to"), 1u) << sentence;
  EXPECT_NE(sentence.find("There were no checks"), std::string::npos) << sentence;
}

TEST(VerdictSentenceTest, AFixWhoseChecksHeldOverACycleSaysTheRunIsNotSerializable) {
  // The FOR UPDATE run (robin waited, the check held) with a history that
  // still has the lost update's cycle.
  Scenario scenario = sample::LostUpdateScenario();
  Trace trace = sample::ForUpdateTrace();
  trace.explained = true;
  trace.history = sample::BaselineHistory();
  VariantResult result;
  result.trace = trace;
  result.verdict = Judge(scenario, trace);
  ASSERT_EQ(result.verdict.kind, Verdict::Kind::kPrevented);
  ASSERT_TRUE(result.verdict.explanation && result.verdict.explanation->Reported());
  ASSERT_TRUE(result.verdict.explanation->Reported()->remark.empty());
  const std::string sentence = text::VerdictSentence(result);
  EXPECT_NE(sentence.find("Yet the dependency graph has a cycle"), std::string::npos) << sentence;
  EXPECT_NE(sentence.find("not serializable"), std::string::npos) << sentence;
}

}  // namespace
}  // namespace interleave
