// The one place that includes Boost.Asio. Boost 1.74's Asio with GCC 12 in
// C++20 mode needs <utility> first (Asio issue 944).
#pragma once

#include <utility>

#include <boost/asio.hpp>
