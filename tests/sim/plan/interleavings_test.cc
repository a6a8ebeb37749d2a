// Tests of the interleavings of a scenario's clients (sim/plan/interleavings.h):
// isolationtester's order, the counts, and a spec's own permutation lines
// first. No database.
#include "sim/plan/interleavings.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "sim/parse/spec_parser.h"

namespace interleave {
namespace {

std::vector<std::string> Names(const std::vector<Schedule>& schedules) {
  std::vector<std::string> names;
  for (const Schedule& schedule : schedules) names.push_back(schedule.name);
  return names;
}

// A spec with one session per count, session i having that many steps named
// by letter and number: {2, 1} gives a1 a2 / b1.
Scenario WithSessions(const std::vector<int>& step_counts) {
  std::string text;
  for (size_t i = 0; i < step_counts.size(); ++i) {
    text += "session s" + std::to_string(i + 1) + "\n";
    for (int k = 0; k < step_counts[i]; ++k) {
      text += "step " + std::string(1, static_cast<char>('a' + i)) + std::to_string(k + 1) +
              " { SELECT " + std::to_string(k) + "; }\n";
    }
  }
  return ParseSpecText(text, "gen.spec");
}

TEST(Interleavings, OrderIsIsolationtesters) {
  EXPECT_EQ(Names(AllInterleavings(WithSessions({2, 2}))),
            (std::vector<std::string>{"a1 a2 b1 b2", "a1 b1 a2 b2", "a1 b1 b2 a2", "b1 a1 a2 b2",
                                      "b1 a1 b2 a2", "b1 b2 a1 a2"}));
  EXPECT_EQ(Names(AllInterleavings(WithSessions({1, 1, 1}))),
            (std::vector<std::string>{"a1 b1 c1", "a1 c1 b1", "b1 a1 c1", "b1 c1 a1", "c1 a1 b1",
                                      "c1 b1 a1"}));
  EXPECT_EQ(Names(AllInterleavings(WithSessions({3}))), std::vector<std::string>{"a1 a2 a3"});
}

TEST(Interleavings, CountsAreMultinomials) {
  struct Case {
    std::vector<int> counts;
    std::uint64_t expected;
  };
  const std::vector<Case> cases = {
      {{1}, 1},     {{2, 2}, 6},        {{3, 2}, 10},      {{2, 2, 2}, 90},     {{3, 2, 1}, 60},
      {{4, 4}, 70}, {{1, 1, 1, 1}, 24}, {{3, 3, 3}, 1680}, {{2, 3, 1, 1}, 420},
  };
  for (const Case& c : cases) {
    const Scenario spec = WithSessions(c.counts);
    const std::vector<Schedule> all = AllInterleavings(spec);
    EXPECT_EQ(all.size(), c.expected);
    EXPECT_EQ(CountInterleavings(spec), c.expected);
    // Every interleaving is distinct and keeps each session's order.
    std::set<std::string> distinct;
    for (const Schedule& s : all) {
      distinct.insert(s.name);
      std::vector<int> next(c.counts.size(), 1);
      for (const ScheduleEntry& e : s.entries) {
        const int session = e.step[0] - 'a';
        EXPECT_EQ(std::stoi(e.step.substr(1)), next[session]++) << s.name;
        EXPECT_FALSE(e.report_waiting_at_once);
        EXPECT_TRUE(e.wait_for_steps.empty());
        EXPECT_GT(e.pos.line, 0);
      }
    }
    EXPECT_EQ(distinct.size(), c.expected);
  }
}

TEST(Interleavings, CountSaturates) {
  EXPECT_EQ(CountInterleavings(WithSessions({10, 10, 10, 10, 10, 10})), UINT64_MAX);
  // 40! / (20! 20!) = 137846528820 fits.
  EXPECT_EQ(CountInterleavings(WithSessions({20, 20})), 137846528820ull);
}

TEST(Interleavings, SpecSchedulesPrefersPermutationLines) {
  const Scenario spec =
      ParseSpecText("session s\nstep a { }\nsession t\nstep b { }\npermutation b a\n", "t.spec");
  EXPECT_EQ(Names(SpecSchedules(spec)), std::vector<std::string>{"b a"});
  EXPECT_EQ(Names(AllInterleavings(spec)), (std::vector<std::string>{"a b", "b a"}));
}

}  // namespace
}  // namespace interleave
