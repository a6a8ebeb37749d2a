#include "tests/browser/devtools_client.h"

#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <map>

#include "util/asio.h"

namespace interleave::browser_test {

namespace beast = boost::beast;
namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

struct DevToolsClient::Connection {
  net::io_context ioc;
  beast::websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer buffer;
};

namespace {

// Starts an asynchronous operation with `start(handler)` and runs the I/O
// context until it completes or `timeout` passes; on a timeout the socket is
// closed and the operation's handler drained, so nothing waits longer.
template <class Start>
bool RunBounded(net::io_context& ioc, beast::websocket::stream<beast::tcp_stream>& ws, Start start,
                std::chrono::milliseconds timeout, const std::string& what, std::string* error) {
  auto done = std::make_shared<bool>(false);
  auto result = std::make_shared<beast::error_code>();
  start([done, result](beast::error_code ec, auto&&...) {
    *done = true;
    *result = ec;
  });
  ioc.restart();
  const auto deadline = Clock::now() + timeout;
  while (!*done && Clock::now() < deadline) ioc.run_one_for(deadline - Clock::now());
  if (!*done) {
    beast::error_code ignored;
    beast::get_lowest_layer(ws).socket().close(ignored);
    ioc.restart();
    const auto drain = Clock::now() + std::chrono::seconds(3);
    while (!*done && Clock::now() < drain) ioc.run_one_for(drain - Clock::now());
    *error = what + ": no answer within " + std::to_string(timeout.count()) + " ms";
    return false;
  }
  if (*result) {
    *error = what + ": " + result->message();
    return false;
  }
  return true;
}

}  // namespace

DevToolsClient::DevToolsClient() : connection_(std::make_unique<Connection>()) {}

DevToolsClient::~DevToolsClient() {
  beast::error_code ignored;
  beast::get_lowest_layer(connection_->ws).socket().close(ignored);
}

bool DevToolsClient::Connect(int port, const std::string& path, std::string* error) {
  Connection& c = *connection_;
  const net::ip::tcp::endpoint endpoint(net::ip::address_v4::loopback(),
                                        static_cast<unsigned short>(port));
  if (!RunBounded(
          c.ioc, c.ws,
          [&](auto handler) { beast::get_lowest_layer(c.ws).async_connect(endpoint, handler); },
          std::chrono::seconds(10), "connecting to the DevTools port", error))
    return false;
  c.ws.read_message_max(256 * 1024 * 1024);
  return RunBounded(
      c.ioc, c.ws,
      [&](auto handler) {
        c.ws.async_handshake("127.0.0.1:" + std::to_string(port), path, handler);
      },
      std::chrono::seconds(10), "the DevTools WebSocket handshake", error);
}

bool DevToolsClient::ReadMessage(nlohmann::json* message, std::chrono::milliseconds timeout,
                                 std::string* error) {
  Connection& c = *connection_;
  c.buffer.clear();
  if (!RunBounded(
          c.ioc, c.ws, [&](auto handler) { c.ws.async_read(c.buffer, handler); }, timeout,
          "reading from chromium", error))
    return false;
  *message = nlohmann::json::parse(beast::buffers_to_string(c.buffer.data()), nullptr, false);
  if (message->is_discarded()) {
    *error = "chromium sent a message that is not JSON";
    return false;
  }
  return true;
}

nlohmann::json DevToolsClient::Call(const std::string& method, const nlohmann::json& params,
                                    std::string* error, std::chrono::milliseconds timeout) {
  Connection& c = *connection_;
  const int id = next_id_++;
  nlohmann::json request = {{"id", id}, {"method", method}, {"params", params}};
  if (!session_.empty()) request["sessionId"] = session_;
  const std::string text = request.dump();
  if (!RunBounded(
          c.ioc, c.ws, [&](auto handler) { c.ws.async_write(net::buffer(text), handler); }, timeout,
          "sending " + method, error))
    return nullptr;
  const auto deadline = Clock::now() + timeout;
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      *error = method + ": no answer within " + std::to_string(timeout.count()) + " ms";
      return nullptr;
    }
    nlohmann::json message;
    if (!ReadMessage(&message, left, error)) {
      *error = method + ": " + *error;
      return nullptr;
    }
    if (message.contains("id") && message["id"] == id) {
      if (message.contains("error")) {
        *error = method + ": " + message["error"].value("message", message["error"].dump());
        return nullptr;
      }
      return message.value("result", nlohmann::json::object());
    }
    if (message.contains("method")) events_.push_back(message);
  }
}

nlohmann::json DevToolsClient::WaitForEvent(const std::string& method,
                                            std::chrono::milliseconds timeout, std::string* error) {
  for (const nlohmann::json& event : events_) {
    if (event.value("method", "") == method) return event.value("params", nlohmann::json::object());
  }
  const auto deadline = Clock::now() + timeout;
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      *error = "no " + method + " within " + std::to_string(timeout.count()) + " ms";
      return nullptr;
    }
    nlohmann::json message;
    if (!ReadMessage(&message, left, error)) return nullptr;
    if (!message.contains("method")) continue;
    events_.push_back(message);
    if (message["method"] == method) return message.value("params", nlohmann::json::object());
  }
}

bool DevToolsClient::OpenPage(std::string* error) {
  nlohmann::json target = Call("Target.createTarget", {{"url", "about:blank"}}, error);
  if (target.is_null()) return false;
  nlohmann::json attached =
      Call("Target.attachToTarget", {{"targetId", target.value("targetId", "")}, {"flatten", true}},
           error);
  if (attached.is_null()) return false;
  session_ = attached.value("sessionId", "");
  if (session_.empty()) {
    *error = "Target.attachToTarget gave no session";
    return false;
  }
  return true;
}

nlohmann::json DevToolsClient::Evaluate(const std::string& expression, std::string* error) {
  nlohmann::json result =
      Call("Runtime.evaluate",
           {{"expression", expression}, {"returnByValue", true}, {"awaitPromise", true}}, error);
  if (result.is_null()) return nullptr;
  if (result.contains("exceptionDetails")) {
    *error = "the page threw: " + result["exceptionDetails"].dump();
    return nullptr;
  }
  return result["result"].value("value", nlohmann::json());
}

bool DevToolsClient::PressKey(const std::string& key, std::string* error) {
  static const std::map<std::string, int> kCodes = {
      {"ArrowRight", 39}, {"ArrowLeft", 37}, {"Home", 36}, {"End", 35}};
  auto code = kCodes.find(key);
  if (code == kCodes.end()) {
    *error = "no key code for " + key;
    return false;
  }
  for (const char* type : {"rawKeyDown", "keyUp"}) {
    nlohmann::json params = {{"type", type},
                             {"key", key},
                             {"code", key},
                             {"windowsVirtualKeyCode", code->second},
                             {"nativeVirtualKeyCode", code->second}};
    if (Call("Input.dispatchKeyEvent", params, error).is_null()) return false;
  }
  return true;
}

}  // namespace interleave::browser_test
