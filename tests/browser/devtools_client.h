// A minimal Chrome DevTools protocol client for the browser tests: one
// WebSocket (Boost.Beast) to the browser's endpoint, commands as JSON
// (nlohmann-json) answered by id, on one page session (Target.attachToTarget
// with flatten), and the events that arrived while waiting kept for the
// caller. Every read and write is bounded by a timeout; a timeout closes the
// socket and reports an error instead of hanging. Thread-safety: one thread
// owns it.
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace interleave::browser_test {

class DevToolsClient {
 public:
  DevToolsClient();
  ~DevToolsClient();
  DevToolsClient(const DevToolsClient&) = delete;
  DevToolsClient& operator=(const DevToolsClient&) = delete;

  // Connects to ws://127.0.0.1:`port``path`. False with `*error` set.
  bool Connect(int port, const std::string& path, std::string* error);

  // Opens a blank page and attaches to it; later Calls go to that page.
  bool OpenPage(std::string* error);

  // Sends `method` with `params` and returns its "result"; on a protocol
  // error, a timeout or a lost connection returns null and sets `*error`.
  nlohmann::json Call(const std::string& method, const nlohmann::json& params, std::string* error,
                      std::chrono::milliseconds timeout = std::chrono::seconds(15));

  // Waits (at most `timeout`) for an event named `method` of the page, and
  // returns its params; null on a timeout. Events already received count.
  nlohmann::json WaitForEvent(const std::string& method, std::chrono::milliseconds timeout,
                              std::string* error);

  // Every event received so far ({"method", "params"}), oldest first.
  const std::vector<nlohmann::json>& events() const { return events_; }
  void ClearEvents() { events_.clear(); }

  // The value of a JavaScript expression (Runtime.evaluate, returnByValue);
  // null with `*error` set when it threw.
  nlohmann::json Evaluate(const std::string& expression, std::string* error);

  // A real key press (keyDown, then keyUp) through Input.dispatchKeyEvent:
  // "ArrowRight", "ArrowLeft", "Home", "End".
  bool PressKey(const std::string& key, std::string* error);

 private:
  // Reads one message within `timeout`; false on a timeout or an error.
  bool ReadMessage(nlohmann::json* message, std::chrono::milliseconds timeout, std::string* error);

  struct Connection;
  std::unique_ptr<Connection> connection_;
  std::string session_;
  int next_id_ = 1;
  std::vector<nlohmann::json> events_;
};

}  // namespace interleave::browser_test
