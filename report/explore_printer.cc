#include "report/explore_printer.h"

#include <cstdint>
#include <iomanip>
#include <sstream>

#include "report/json_printer.h"
#include "report/json_writer.h"

namespace interleave {

namespace {

std::string Percent(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return "";
  std::ostringstream text;
  text << std::fixed << std::setprecision(0) << 100.0 * part / whole << "%";
  return text.str();
}

}  // namespace

std::string FormatExploreText(const Scenario& scenario,
                              const std::vector<VariantExploration>& results, size_t show,
                              double seconds, int jobs) {
  std::ostringstream out;
  const std::uint64_t count = results.empty() ? 0 : results[0].Interleavings();
  const bool reduced = !results.empty() && results[0].reduced;
  out << scenario.title << "\n";
  out << "Anomaly: " << scenario.anomaly << "\n";
  out << count << " interleavings of the clients' steps, each client's order kept\n";
  if (reduced) {
    out << "Interleavings that differ only in the order of steps that commute (no shared\n"
           "row, no lock wait, no transaction end between them) give the same run: one\n"
           "run per class, counted for every interleaving it stands for (--exhaustive\n"
           "runs them all).\n";
  }
  out << "\n";
  size_t runs = 0;
  for (const auto& result : results) {
    out << "── " << result.variant;
    if (result.variant_def && !result.variant_def->description.empty()) {
      out << ": " << result.variant_def->description;
    }
    out << "\n";
    runs += result.reduced ? result.runs : result.outcomes.size();
    auto row = [&](const std::string& label, std::uint64_t value) {
      out << "   " << std::left << std::setw(34) << label << std::right << std::setw(6) << value
          << "  " << Percent(value, result.ran_as_listed) << "\n";
    };
    if (result.reduced) {
      out << "   " << std::left << std::setw(34) << "classes of commuting orders" << std::right
          << std::setw(6) << result.outcomes.size() << "  (" << result.runs << " runs in "
          << result.rounds << (result.rounds == 1 ? " round" : " rounds") << ")\n";
    }
    row("ran as listed", result.ran_as_listed);
    row("anomaly", result.anomalies);
    row("prevented by a wait", result.prevented_by_wait);
    row("prevented by an abort", result.prevented_by_abort);
    row("no conflict arose", result.no_conflict);
    row("aborted, not retried (work lost)", result.aborted_without_retry);
    row("error", result.errors);
    out << "   " << std::left << std::setw(34) << "could not run as listed" << std::right
        << std::setw(6) << result.reordered << "  (counted apart)\n";
    if (!result.graph_classes.empty()) {
      out << "   By the dependency graph (orders that ran as listed):\n";
      for (const auto& [name, value] : result.graph_classes) {
        out << "     " << std::left << std::setw(32) << name << std::right << std::setw(6) << value
            << "  " << Percent(value, result.ran_as_listed) << "\n";
      }
      for (const auto& [name, value] : result.textbook_names) {
        out << "       " << std::left << std::setw(30) << name << std::right << std::setw(6)
            << value << "\n";
      }
    }
    auto simplest = result.Simplest(show);
    if (!simplest.empty()) {
      out << "   Simplest anomalous interleavings (fewest switches between clients):\n";
      for (const auto* outcome : simplest) {
        out << "     " << outcome->listed << "   (" << outcome->switches << " switches";
        if (outcome->orders > 1) out << "; stands for " << outcome->orders << " orders";
        out << ")\n";
      }
    }
    int shown_reordered = 0;
    for (const auto& outcome : result.outcomes) {
      if (!outcome.reordered || shown_reordered >= 3) continue;
      if (shown_reordered++ == 0) out << "   Could not run as listed, for example:\n";
      out << "     listed " << outcome.listed << "\n       ran " << outcome.ran << "  → "
          << outcome.verdict.Name();
      if (outcome.orders > 1) out << "  (stands for " << outcome.orders << " orders)";
      out << "\n";
    }
    out << "\n";
  }
  out << std::fixed << std::setprecision(2);
  if (reduced) {
    out << "Ran " << runs << " runs for " << count * results.size() << " interleavings in "
        << seconds << " s with " << jobs << (jobs == 1 ? " worker" : " workers") << ".\n";
  } else {
    out << "Ran " << count * results.size() << " interleavings in " << seconds << " s with " << jobs
        << (jobs == 1 ? " worker" : " workers") << ".\n";
  }
  return out.str();
}

std::string FormatExploreJson(const Scenario& scenario,
                              const std::vector<VariantExploration>& results) {
  JsonWriter json;
  json.BeginObject();
  WriteScenarioJson(json, scenario);
  json.Key("variants").BeginArray();
  for (const auto& result : results) {
    json.BeginObject();
    json.Key("name").String(result.variant);
    json.Key("interleavings").Int(static_cast<long long>(result.Interleavings()));
    json.Key("ran_as_listed").Int(static_cast<long long>(result.ran_as_listed));
    json.Key("anomaly").Int(static_cast<long long>(result.anomalies));
    json.Key("prevented_by_wait").Int(static_cast<long long>(result.prevented_by_wait));
    json.Key("prevented_by_abort").Int(static_cast<long long>(result.prevented_by_abort));
    json.Key("no_conflict").Int(static_cast<long long>(result.no_conflict));
    json.Key("aborted_without_retry").Int(static_cast<long long>(result.aborted_without_retry));
    json.Key("error").Int(static_cast<long long>(result.errors));
    json.Key("could_not_run_as_listed").Int(static_cast<long long>(result.reordered));
    json.Key("graph_classes").BeginObject();
    for (const auto& [name, value] : result.graph_classes)
      json.Key(name).Int(static_cast<long long>(value));
    json.EndObject();
    json.Key("textbook_names").BeginObject();
    for (const auto& [name, value] : result.textbook_names)
      json.Key(name).Int(static_cast<long long>(value));
    json.EndObject();
    json.Key("reduced").Bool(result.reduced);
    json.Key("classes").Int(static_cast<long long>(result.outcomes.size()));
    json.Key("runs").Int(
        static_cast<long long>(result.reduced ? result.runs : result.outcomes.size()));
    json.Key("outcomes").BeginArray();
    for (const auto& outcome : result.outcomes) {
      json.BeginObject();
      json.Key("listed").String(outcome.listed);
      json.Key("ran").String(outcome.ran);
      json.Key("reordered").Bool(outcome.reordered);
      json.Key("switches").Int(outcome.switches);
      json.Key("verdict").String(outcome.verdict.Name());
      json.Key("graph_class").String(GraphClassName(outcome.verdict));
      json.Key("orders").Int(static_cast<long long>(outcome.orders));
      json.EndObject();
    }
    json.EndArray();
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
  return json.str() + "\n";
}

}  // namespace interleave
