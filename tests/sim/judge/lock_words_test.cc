// The plain words for locks: each kind of lock a server reports, holders and
// waiters named by client, the InnoDB gaps, and one glossary line per mode.
#include "sim/judge/lock_words.h"

#include <gtest/gtest.h>

namespace interleave {
namespace {

using Scope = ServerLock::Scope;

const std::vector<std::string> kClients = {"phone", "laptop", "tablet"};

ClientLock Lock(int client, Scope scope, const std::string& mode, const std::string& table,
                const std::string& row = "", bool granted = true) {
  ClientLock lock;
  lock.client = client;
  lock.scope = scope;
  lock.mode = mode;
  lock.table = table;
  lock.row = row;
  lock.granted = granted;
  return lock;
}

TEST(LockWordsTest, HeldLocksNameModeTableAndRow) {
  EXPECT_EQ(LockPhrase(Lock(0, Scope::kRow, "FOR UPDATE", "users", "id=1"), kClients),
            "holds FOR UPDATE on users id=1");
  EXPECT_EQ(LockPhrase(Lock(0, Scope::kTable, "ROW EXCLUSIVE", "users"), kClients),
            "holds ROW EXCLUSIVE on users");
  ClientLock write = Lock(0, Scope::kRow, "FOR NO KEY UPDATE", "users", "id=1");
  write.by_write = true;
  EXPECT_EQ(LockPhrase(write, kClients),
            "holds FOR NO KEY UPDATE on users id=1 (its UPDATE of the row)");
  write.mode = "FOR UPDATE";
  EXPECT_EQ(LockPhrase(write, kClients),
            "holds FOR UPDATE on users id=1 (its UPDATE or DELETE of the row)");
  // A row the server does not let us name, a mode it does not say.
  EXPECT_EQ(LockPhrase(Lock(0, Scope::kRow, "FOR SHARE", "logs"), kClients),
            "holds FOR SHARE on a row of logs");
  EXPECT_EQ(LockPhrase(Lock(0, Scope::kRow, "", "users", "id=2"), kClients),
            "holds a row lock on users id=2");
  EXPECT_EQ(LockPhrase(Lock(1, Scope::kPredicate, "SIREAD", "users", "id=1"), kClients),
            "holds SIREAD on users id=1");
}

TEST(LockWordsTest, WaitsNameTheHolders) {
  ClientLock wait = Lock(1, Scope::kRow, "FOR UPDATE", "users", "id=1", false);
  wait.waits_for = {0};
  EXPECT_EQ(LockPhrase(wait, kClients), "waits for phone's lock on users id=1");
  wait.waits_for = {0, 2};
  EXPECT_EQ(LockPhrase(wait, kClients), "waits for phone's and tablet's locks on users id=1");
  wait.waits_for = {};
  EXPECT_EQ(LockPhrase(wait, kClients),
            "waits for a lock on users id=1 (the server does not say whose)");
  ClientLock table = Lock(1, Scope::kTable, "ACCESS SHARE", "users", "", false);
  table.waits_for = {0};
  EXPECT_EQ(LockPhrase(table, kClients), "waits for phone's lock on users");
  ClientLock transaction = Lock(1, Scope::kRow, "", "", "", false);
  transaction.waits_for = {2};
  EXPECT_EQ(LockPhrase(transaction, kClients),
            "waits for tablet's transaction to end (the server names no row)");
}

TEST(LockWordsTest, InnodbGapsAreNamedAsGaps) {
  EXPECT_EQ(LockPhrase(Lock(0, Scope::kGap, "X", "t", "id=10"), kClients),
            "holds a gap lock (X) on t before id=10");
  ClientLock last = Lock(0, Scope::kGap, "X", "t");
  last.after_last = true;
  EXPECT_EQ(LockPhrase(last, kClients), "holds a gap lock (X) on t after its last row");
  EXPECT_EQ(LockPhrase(Lock(0, Scope::kNextKey, "S", "t", "id=3"), kClients),
            "holds a next-key lock (S) on t id=3 and the gap before it");
  ClientLock insert = Lock(1, Scope::kInsertIntention, "X", "t", "id=10", false);
  insert.waits_for = {0};
  EXPECT_EQ(LockPhrase(insert, kClients), "waits for phone's lock on t before id=10 (to insert)");
}

TEST(LockWordsTest, ClientPhrasesListHeldBeforeWaitingAndOnlyThatClient) {
  LockSnapshot snapshot;
  snapshot.captured = true;
  ClientLock wait = Lock(1, Scope::kRow, "FOR UPDATE", "users", "id=1", false);
  wait.waits_for = {0};
  snapshot.locks = {wait, Lock(1, Scope::kTable, "ROW SHARE", "users"),
                    Lock(0, Scope::kRow, "FOR UPDATE", "users", "id=1")};
  std::vector<std::string> laptop = ClientLockPhrases(snapshot, 1, kClients);
  ASSERT_EQ(laptop.size(), 2u);
  EXPECT_EQ(laptop[0], "holds ROW SHARE on users");
  EXPECT_EQ(laptop[1], "waits for phone's lock on users id=1");
  EXPECT_EQ(ClientLockPhrases(snapshot, 0, kClients),
            std::vector<std::string>{"holds FOR UPDATE on users id=1"});
  EXPECT_TRUE(ClientLockPhrases(snapshot, 2, kClients).empty());
}

TEST(LockWordsTest, GlossaryHasOneLinePerModeUsedInOrderOfFirstUse) {
  LockSnapshot first;
  first.locks = {Lock(0, Scope::kTable, "ROW SHARE", "users"),
                 Lock(0, Scope::kRow, "FOR UPDATE", "users", "id=1")};
  LockSnapshot second;
  ClientLock wait = Lock(1, Scope::kRow, "FOR UPDATE", "users", "id=1", false);
  second.locks = {Lock(0, Scope::kRow, "FOR UPDATE", "users", "id=1"), wait,
                  Lock(0, Scope::kGap, "X", "t", "id=10")};
  std::vector<std::string> lines = LockGlossary({&first, &second});
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].rfind("ROW SHARE: ", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind("FOR UPDATE: ", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2].rfind("X: ", 0), 0u) << lines[2];
  EXPECT_EQ(lines[3].rfind("gap lock: ", 0), 0u) << lines[3];
  EXPECT_NE(lines[3].find("PostgreSQL has no gap locks"), std::string::npos);
}

TEST(LockWordsTest, EveryModeAServerReportsHasAGlossaryLine) {
  for (const char* term : {"ACCESS SHARE",
                           "ROW SHARE",
                           "ROW EXCLUSIVE",
                           "SHARE UPDATE EXCLUSIVE",
                           "SHARE",
                           "SHARE ROW EXCLUSIVE",
                           "EXCLUSIVE",
                           "ACCESS EXCLUSIVE",
                           "FOR UPDATE",
                           "FOR NO KEY UPDATE",
                           "FOR SHARE",
                           "FOR KEY SHARE",
                           "SIREAD",
                           "X",
                           "S",
                           "IX",
                           "IS",
                           "AUTO-INC",
                           "gap lock",
                           "next-key lock",
                           "insert intention"}) {
    std::string line = LockGlossaryLine(term);
    EXPECT_EQ(line.rfind(std::string(term) + ": ", 0), 0u) << term;
    EXPECT_EQ(line.back(), '.') << term;
  }
  EXPECT_EQ(LockGlossaryLine("NO SUCH MODE"), "");
}

}  // namespace
}  // namespace interleave
