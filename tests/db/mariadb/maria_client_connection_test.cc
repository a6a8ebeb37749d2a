// Every outcome of a step on MariaDB, through the non-blocking client
// connection and the control connection that says who blocks whom: a step
// completes (with PostgreSQL-style tags), blocks and then completes, dies in
// a deadlock, hits a duplicate key, times out waiting for a lock, or hangs
// and is cancelled.
#if INTERLEAVE_WITH_MARIADB
#include "db/mariadb/maria_client_connection.h"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "db/mariadb/maria_control_connection.h"
#include "tests/db/mariadb/maria_test_server.h"

namespace interleave {
namespace {

using testing::SharedMariaTarget;
using testing::WaitForAnswer;

class MariaClientConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_WITHOUT_MARIADB();
    scratch_ = SharedMariaTarget().CreateScratch();
    control_ = scratch_->ConnectControl({"interleave/control", {}});
    StepOutcome setup = control_->Execute(
        "CREATE TABLE accounts (id INT PRIMARY KEY, balance INT NOT NULL) ENGINE=InnoDB;"
        "INSERT INTO accounts VALUES (1, 100), (2, 200)");
    ASSERT_FALSE(setup.error) << setup.error->message;
  }

  std::unique_ptr<ClientConnection> Client(ConnectionSettings settings = {"interleave/c", {}}) {
    auto client = scratch_->ConnectClient(settings);
    StepOutcome outcome =
        client->Execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    EXPECT_FALSE(outcome.error);
    return client;
  }

  // Waits (bounded) until the control connection sees `client` blocked.
  bool WaitUntilBlocked(ClientConnection& client) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      if (control_->IsBlocked(client.backend_id())) return true;
      if (client.Poll()) return false;  // it completed instead
    }
    return false;
  }

  // Waits (bounded) until the control connection no longer sees `client`
  // blocked: InnoDB's lock tables may be up to 0.1 s old.
  bool WaitUntilNotBlocked(ClientConnection& client) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      if (!control_->IsBlocked(client.backend_id())) return true;
    }
    return false;
  }

  std::unique_ptr<ScratchDatabase> scratch_;
  std::unique_ptr<ControlConnection> control_;
};

TEST_F(MariaClientConnectionTest, CompletesWithATagPerStatement) {
  auto client = Client();
  client->Send(
      "BEGIN; UPDATE accounts SET balance = balance WHERE id = 1; "
      "INSERT INTO accounts VALUES (3, 300), (4, NULL + 0) ON DUPLICATE KEY UPDATE id = id");
  ASSERT_TRUE(WaitForAnswer(*client));
  StepOutcome outcome = client->Collect();
  ASSERT_TRUE(outcome.error) << "balance is NOT NULL";
  EXPECT_EQ(outcome.error->detail, "1048");
  ASSERT_EQ(outcome.results.size(), 2u);
  EXPECT_EQ(outcome.results[0].command_tag, "BEGIN");
  EXPECT_EQ(outcome.results[1].command_tag, "UPDATE 1") << "rows matched, not rows changed";

  client->Send(
      "INSERT INTO accounts VALUES (3, 300), (4, 400); DELETE FROM accounts WHERE id = 4;\n"
      "-- a comment; with a semicolon\n"
      "SELECT id, 'it''s; \\' fine', NULL FROM accounts WHERE id >= 2 ORDER BY id; COMMIT");
  EXPECT_TRUE(client->busy());
  ASSERT_TRUE(WaitForAnswer(*client));
  outcome = client->Collect();
  ASSERT_FALSE(outcome.error) << outcome.error->message;
  ASSERT_EQ(outcome.results.size(), 4u);
  EXPECT_EQ(outcome.results[0].command_tag, "INSERT 0 2");
  EXPECT_EQ(outcome.results[1].command_tag, "DELETE 1");
  EXPECT_EQ(outcome.results[2].command_tag, "SELECT 2");
  EXPECT_EQ(outcome.results[2].columns.size(), 3u);
  EXPECT_EQ(outcome.results[2].rows[1][0], "3");
  EXPECT_EQ(outcome.results[2].rows[1][1], "it's; ' fine");
  EXPECT_EQ(outcome.results[2].rows[1][2], std::nullopt);
  EXPECT_EQ(outcome.results[3].command_tag, "COMMIT");
  EXPECT_FALSE(client->busy());

  outcome = client->Execute("START TRANSACTION; ROLLBACK; CREATE TABLE t2 (id INT)");
  ASSERT_EQ(outcome.results.size(), 3u);
  EXPECT_EQ(outcome.results[0].command_tag, "BEGIN");
  EXPECT_EQ(outcome.results[1].command_tag, "ROLLBACK");
  EXPECT_EQ(outcome.results[2].command_tag, "CREATE TABLE");
  EXPECT_GT(client->backend_id(), 0);
  EXPECT_TRUE(client->connection_ok());
}

TEST_F(MariaClientConnectionTest, AStatementErrorEndsTheStep) {
  auto client = Client();
  StepOutcome outcome = client->Execute("SELECT 1; SELECT no_such_column FROM accounts; SELECT 3");
  ASSERT_EQ(outcome.results.size(), 1u);
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->sqlstate, "42S22");
  EXPECT_EQ(outcome.error->detail, "1054");
  EXPECT_NE(outcome.error->message.find("no_such_column"), std::string::npos);
  EXPECT_EQ(client->Execute("SELECT 4").results.at(0).rows.at(0).at(0), "4");
}

TEST_F(MariaClientConnectionTest, BlocksOnARowLockThenCompletes) {
  auto first = Client();
  auto second = Client();
  control_->SetClients({first->backend_id(), second->backend_id()});
  ASSERT_FALSE(
      first->Execute("BEGIN; UPDATE accounts SET balance = balance + 1 WHERE id = 1").error);
  ASSERT_FALSE(second->Execute("BEGIN").error);
  second->Send("UPDATE accounts SET balance = balance + 10 WHERE id = 1");
  ASSERT_TRUE(WaitUntilBlocked(*second));
  EXPECT_EQ(control_->BlockingClients(second->backend_id()), std::vector<int>{first->backend_id()});
  EXPECT_FALSE(control_->IsBlocked(first->backend_id()));
  EXPECT_FALSE(second->Poll());

  auto start = std::chrono::steady_clock::now();
  constexpr int kCalls = 200;
  for (int i = 0; i < kCalls; ++i) ASSERT_TRUE(control_->IsBlocked(second->backend_id()));
  double each_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() /
      kCalls;
  std::cout << "[ measure  ] IsBlocked on MariaDB: " << each_ms << " ms per call\n";

  // A fresh control connection reads InnoDB's lock tables at its first question.
  auto fresh = scratch_->ConnectControl({"interleave/control", {}});
  fresh->SetClients({first->backend_id(), second->backend_id()});
  start = std::chrono::steady_clock::now();
  EXPECT_EQ(fresh->BlockingClients(second->backend_id()), std::vector<int>{first->backend_id()});
  std::cout
      << "[ measure  ] IsBlocked on MariaDB reading INNODB_TRX: "
      << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count()
      << " ms\n";

  ASSERT_FALSE(first->Execute("COMMIT").error);
  ASSERT_TRUE(WaitForAnswer(*second));
  StepOutcome outcome = second->Collect();
  ASSERT_FALSE(outcome.error) << outcome.error->message;
  EXPECT_EQ(outcome.results.at(0).command_tag, "UPDATE 1");
  EXPECT_TRUE(WaitUntilNotBlocked(*second)) << "still blocked after it completed";
  ASSERT_FALSE(second->Execute("COMMIT").error);
  StepOutcome balance = control_->Execute("SELECT balance FROM accounts WHERE id = 1");
  EXPECT_EQ(balance.results.at(0).rows.at(0).at(0), "111");
}

TEST_F(MariaClientConnectionTest, AClientOutsideTheRunIsNoBlocker) {
  auto outsider = Client();
  auto client = Client();
  control_->SetClients({client->backend_id()});
  ASSERT_FALSE(outsider->Execute("BEGIN; UPDATE accounts SET balance = 0 WHERE id = 1").error);
  client->Send("UPDATE accounts SET balance = 5 WHERE id = 1");
  // InnoDB shows the wait (its live count of row-lock waits); the control
  // connection must not count it, now nor once InnoDB's tables show it.
  StepOutcome waits;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  do {
    waits = control_->Execute(
        "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
        "WHERE VARIABLE_NAME = 'INNODB_ROW_LOCK_CURRENT_WAITS'");
  } while (waits.results.at(0).rows.at(0).at(0) != "1" &&
           std::chrono::steady_clock::now() < deadline);
  ASSERT_EQ(waits.results.at(0).rows.at(0).at(0), "1");
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(400);
  while (std::chrono::steady_clock::now() < until) {
    ASSERT_FALSE(control_->IsBlocked(client->backend_id()));
  }
  EXPECT_FALSE(client->Poll());
  ASSERT_FALSE(outsider->Execute("ROLLBACK").error);
  ASSERT_TRUE(WaitForAnswer(*client));
  EXPECT_FALSE(client->Collect().error);
}

TEST_F(MariaClientConnectionTest, WaitsForAMetadataLockHeldByAnOpenTransaction) {
  auto reader = Client();
  auto altering = Client();
  control_->SetClients({reader->backend_id(), altering->backend_id()});
  ASSERT_FALSE(reader->Execute("BEGIN; SELECT * FROM accounts").error);
  altering->Send("ALTER TABLE accounts ADD COLUMN note TEXT");
  ASSERT_TRUE(WaitUntilBlocked(*altering));
  EXPECT_EQ(control_->BlockingClients(altering->backend_id()),
            std::vector<int>{reader->backend_id()});
  ASSERT_FALSE(reader->Execute("COMMIT").error);
  ASSERT_TRUE(WaitForAnswer(*altering));
  StepOutcome outcome = altering->Collect();
  ASSERT_FALSE(outcome.error) << outcome.error->message;
  EXPECT_EQ(outcome.results.at(0).command_tag, "ALTER TABLE");
}

TEST_F(MariaClientConnectionTest, DeadlockVictimGets1213And40001) {
  auto first = Client();
  auto second = Client();
  control_->SetClients({first->backend_id(), second->backend_id()});
  ASSERT_FALSE(first->Execute("BEGIN; UPDATE accounts SET balance = 1 WHERE id = 1").error);
  ASSERT_FALSE(second->Execute("BEGIN; UPDATE accounts SET balance = 2 WHERE id = 2").error);
  first->Send("UPDATE accounts SET balance = 1 WHERE id = 2");
  ASSERT_TRUE(WaitUntilBlocked(*first));
  EXPECT_EQ(control_->BlockingClients(first->backend_id()), std::vector<int>{second->backend_id()});
  second->Send("UPDATE accounts SET balance = 2 WHERE id = 1");
  ASSERT_TRUE(WaitForAnswer(*second));
  StepOutcome second_outcome = second->Collect();
  ASSERT_TRUE(WaitForAnswer(*first));
  StepOutcome first_outcome = first->Collect();
  // InnoDB picks the victim; exactly one of the two gets the deadlock.
  ASSERT_NE(first_outcome.error.has_value(), second_outcome.error.has_value());
  const DbError& error = first_outcome.error ? *first_outcome.error : *second_outcome.error;
  EXPECT_EQ(error.detail, "1213");
  EXPECT_EQ(error.sqlstate, "40001");
  EXPECT_EQ(error.severity, "ERROR");
}

TEST_F(MariaClientConnectionTest, DuplicateKeyGets1062And23000) {
  auto client = Client();
  StepOutcome outcome = client->Execute("INSERT INTO accounts VALUES (1, 5)");
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->detail, "1062");
  EXPECT_EQ(outcome.error->sqlstate, "23000");
  EXPECT_TRUE(outcome.results.empty());
}

TEST_F(MariaClientConnectionTest, LockWaitTimeoutGets1205) {
  auto holder = Client();
  auto waiter = Client({"interleave/waiter", {{"innodb_lock_wait_timeout", "1"}}});
  EXPECT_EQ(waiter->Execute("SELECT @@innodb_lock_wait_timeout").results.at(0).rows.at(0).at(0),
            "1");
  ASSERT_FALSE(holder->Execute("BEGIN; SELECT * FROM accounts WHERE id = 1 FOR UPDATE").error);
  auto start = std::chrono::steady_clock::now();
  waiter->Send("UPDATE accounts SET balance = 0 WHERE id = 1");
  ASSERT_TRUE(WaitForAnswer(*waiter));
  double waited_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  StepOutcome outcome = waiter->Collect();
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->detail, "1205");
  EXPECT_EQ(outcome.error->sqlstate, "HY000");
  EXPECT_GE(waited_ms, 900);
  ASSERT_FALSE(holder->Execute("ROLLBACK").error);
}

TEST_F(MariaClientConnectionTest, AHangingStepIsCancelledQuickly) {
  auto client = Client();
  client->Send("SELECT SLEEP(30)");
  // Waits (bounded) until the server runs it, so that the cancel meets it.
  std::string id = std::to_string(client->backend_id());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  StepOutcome running;
  do {
    running =
        control_->Execute("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = " + id +
                          " AND INFO LIKE 'SELECT SLEEP%'");
  } while (running.results.at(0).rows.at(0).at(0) != "1" &&
           std::chrono::steady_clock::now() < deadline);
  EXPECT_FALSE(client->Poll());
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(client->Cancel());
  ASSERT_TRUE(WaitForAnswer(*client, 5000)) << "the cancel did not end the statement";
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  StepOutcome outcome = client->Collect();
  EXPECT_LT(ms, 5000);
  ASSERT_TRUE(outcome.error) << "a cancelled statement is an error outcome";
  EXPECT_EQ(outcome.error->detail, "1317");
  EXPECT_EQ(outcome.error->sqlstate, "70100");
  EXPECT_TRUE(client->connection_ok());
  EXPECT_EQ(client->Execute("SELECT 2").results.at(0).rows.at(0).at(0), "2");
}

}  // namespace
}  // namespace interleave
#endif  // INTERLEAVE_WITH_MARIADB
