#include "gui/schedule_writer.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/model/source_pos.h"
#include "sim/parse/toml_parser.h"

namespace interleave::gui {

std::string TomlString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned char>(c));
          out += escape;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string ScheduleToml(const std::string& name, const std::vector<std::string>& order,
                         const std::string& description) {
  std::string steps;
  for (const std::string& step : order) steps += (steps.empty() ? "" : " ") + step;
  std::string text = "\n[[schedules]]\nname = " + TomlString(name) + "\n";
  if (!description.empty()) text += "description = " + TomlString(description) + "\n";
  text += "steps = " + TomlString(steps) + "\n";
  return text;
}

std::string UniqueScheduleName(const Scenario& scenario, const std::string& base) {
  std::set<std::string> names;
  for (const Schedule& schedule : scenario.schedules) names.insert(schedule.name);
  if (!names.count(base)) return base;
  for (int n = 2;; ++n) {
    std::string name = base + " " + std::to_string(n);
    if (!names.count(name)) return name;
  }
}

std::string AppendScheduleText(const std::string& text, const std::string& path,
                               const std::string& name, const std::vector<std::string>& order,
                               const std::string& description) {
  std::string updated = text;
  if (!updated.empty() && updated.back() != '\n') updated += '\n';
  updated += ScheduleToml(name, order, description);
  ParseScenarioText(updated, path);  // throws InputError when it does not fit
  return updated;
}

std::string SaveSchedule(const std::string& path, const std::string& name,
                         const std::vector<std::string>& order, const std::string& description) {
  if (path.size() < 5 || path.substr(path.size() - 5) != ".toml")
    return "only TOML scenario files can take a new schedule (" + path + ")";
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot read " + path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string updated;
  try {
    updated = AppendScheduleText(buffer.str(), path, name, order, description);
  } catch (const InputError& error) {
    return std::string("the schedule does not fit the scenario: ") + error.what();
  }
  const std::string temp = path + ".interleave-" + std::to_string(getpid()) + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << updated;
    out.flush();
    if (!out) {
      std::remove(temp.c_str());
      return "cannot write " + temp;
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return "cannot replace " + path;
  }
  return "";
}

}  // namespace interleave::gui
