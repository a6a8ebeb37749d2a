#include "db/mariadb/maria_conn_params.h"

#include <mysql.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "db/db_failure.h"

namespace interleave {
namespace {

std::string PercentDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::strtol(text.substr(i + 1, 2).c_str(), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string PercentEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      char escaped[4];
      snprintf(escaped, sizeof(escaped), "%%%02X", c);
      out += escaped;
    }
  }
  return out;
}

std::string UrlOf(const MariaConnParams& params, bool with_password) {
  std::string text = "mariadb://" + PercentEncode(params.user);
  if (with_password && !params.password.empty()) text += ":" + PercentEncode(params.password);
  text += "@" + (params.host.empty() ? std::string("localhost") : params.host);
  if (params.port != 0) text += ":" + std::to_string(params.port);
  text += "/" + PercentEncode(params.database);
  if (!params.socket.empty()) text += "?socket=" + PercentEncode(params.socket);
  return text;
}

}  // namespace

MariaConnParams MariaConnParams::WithDatabase(const std::string& name) const {
  MariaConnParams copy = *this;
  copy.database = name;
  return copy;
}

std::string MariaConnParams::Describe() const { return UrlOf(*this, false); }

std::string MariaConnParams::Url() const { return UrlOf(*this, true); }

bool IsMariaUrl(const std::string& url) {
  return url.rfind("mysql://", 0) == 0 || url.rfind("mariadb://", 0) == 0;
}

MariaConnParams ParseMariaUrl(const std::string& url) {
  if (!IsMariaUrl(url)) throw DbFailure("bad --db URL: expected mysql:// or mariadb://");
  MariaConnParams params;
  std::string rest = url.substr(url.find("://") + 3);
  std::string query;
  if (size_t mark = rest.find('?'); mark != std::string::npos) {
    query = rest.substr(mark + 1);
    rest = rest.substr(0, mark);
  }
  std::string authority = rest;
  if (size_t slash = rest.find('/'); slash != std::string::npos) {
    authority = rest.substr(0, slash);
    params.database = PercentDecode(rest.substr(slash + 1));
  }
  if (size_t at = authority.rfind('@'); at != std::string::npos) {
    std::string credentials = authority.substr(0, at);
    authority = authority.substr(at + 1);
    if (size_t colon = credentials.find(':'); colon != std::string::npos) {
      params.password = PercentDecode(credentials.substr(colon + 1));
      credentials = credentials.substr(0, colon);
    }
    params.user = PercentDecode(credentials);
  }
  if (size_t colon = authority.rfind(':'); colon != std::string::npos) {
    std::string port = authority.substr(colon + 1);
    authority = authority.substr(0, colon);
    char* end = nullptr;
    long value = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || value <= 0 || value > 65535) {
      throw DbFailure("bad --db URL: port \"" + port + "\" is not a number from 1 to 65535");
    }
    params.port = static_cast<unsigned>(value);
  }
  params.host = authority;
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string pair = query.substr(start, end - start);
    size_t equals = pair.find('=');
    std::string key = pair.substr(0, equals);
    std::string value = equals == std::string::npos ? "" : PercentDecode(pair.substr(equals + 1));
    if (key == "socket") {
      params.socket = value;
    } else if (!key.empty()) {
      throw DbFailure("bad --db URL: unknown parameter \"" + key + "\" (only socket= is known)");
    }
    start = end + 1;
  }
  if (params.database.empty()) throw DbFailure("bad --db URL: it names no database");
  if (params.user.empty()) throw DbFailure("bad --db URL: it names no user");
  return params;
}

st_mysql* ConnectMaria(const MariaConnParams& params, bool nonblocking) {
  MYSQL* mysql = mysql_init(nullptr);
  if (!mysql) throw DbFailure("cannot connect: out of memory");
  if (nonblocking) mysql_options(mysql, MYSQL_OPT_NONBLOCK, nullptr);
  unsigned int timeout = 10;
  mysql_options(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_options(mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  const char* host = params.host.empty() ? "localhost" : params.host.c_str();
  if (!params.socket.empty()) host = "localhost";
  if (!mysql_real_connect(mysql, host, params.user.c_str(),
                          params.password.empty() ? nullptr : params.password.c_str(),
                          params.database.empty() ? nullptr : params.database.c_str(), params.port,
                          params.socket.empty() ? nullptr : params.socket.c_str(),
                          CLIENT_MULTI_STATEMENTS | CLIENT_FOUND_ROWS)) {
    std::string message = mysql_error(mysql);
    mysql_close(mysql);
    throw DbFailure("cannot connect to " + params.Describe() + ": " + message);
  }
  return mysql;
}

}  // namespace interleave
