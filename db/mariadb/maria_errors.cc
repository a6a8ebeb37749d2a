#include "db/mariadb/maria_errors.h"

#include <errmsg.h>
#include <mysql.h>

#include <string>

namespace interleave {

bool IsConnectionLost(unsigned code) {
  return code == CR_SERVER_GONE_ERROR || code == CR_SERVER_LOST || code == CR_CONNECTION_ERROR ||
         code == CR_CONN_HOST_ERROR;
}

DbError ErrorFromMaria(st_mysql* mysql) {
  DbError error;
  unsigned code = mysql_errno(mysql);
  error.sqlstate = mysql_sqlstate(mysql);
  error.severity = IsConnectionLost(code) ? "FATAL" : "ERROR";
  error.message = mysql_error(mysql);
  error.detail = std::to_string(code);
  return error;
}

}  // namespace interleave
