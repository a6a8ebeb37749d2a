// Escaping for the HTML page of a run: everything a scenario file says
// (titles, SQL, step names, values) goes through HtmlEscape before it is put
// in an element or an attribute, so a title "<script>" shows as text.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace interleave {

// `text` with & < > " ' replaced by character references; safe both as
// element content and inside a double- or single-quoted attribute value.
// Bytes that are not valid UTF-8 become U+FFFD, and control characters other
// than tab and line feed are dropped, so the page is always valid UTF-8.
std::string HtmlEscape(std::string_view text);

}  // namespace interleave
