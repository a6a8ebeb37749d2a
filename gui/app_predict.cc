// The App's "what happens next?" mode (F3): before the next step runs, the
// class picks what it does first (keys 1-9 or a click), Enter runs it live on
// both panes, and the panel marks the pick right or wrong with the reason the
// live trace gives. The choices come from a preview of the same interleaving
// (LiveSession::RequestPreview), so the right one is among them. With "who
// goes next?" the first number key chooses the client, the next ones its
// outcome. Tab predicts the other pane; Escape takes the pick back.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "gui/app_impl.h"
#include "gui/step_cursor.h"
#include "gui/theme.h"
#include "sim/model/source_pos.h"
#include "sim/plan/plan.h"

namespace interleave::gui {

namespace {

constexpr int kPreviewCursor = 1 << 20;  // far beyond any run's end

const std::string& ClientNameOf(const Scenario& scenario, int client) {
  static const std::string kNone;
  return client >= 0 && client < static_cast<int>(scenario.clients.size())
             ? scenario.clients[client].name
             : kNone;
}

}  // namespace

void App::UpdatePredict() {
  if (predict_session_ != session_.get()) {
    // Another scenario: its rounds start afresh.
    predict_session_ = session_.get();
    const bool on = predict_.on();
    const int pane = predict_.pane();
    predict_ = PredictMode();
    predict_.SetOn(on);
    predict_.SetPane(pane);
  }
  if (!predict_.on() || !session_ || !view_) return;
  const Scenario& scenario = view_->scenario();
  const int cursor = view_->cursor();
  predict_.ForgetFrom(cursor);  // stepped back, or reset

  // Judge the rounds on the live panes.
  for (PredictRecord& record : predict_.records()) {
    if (record.judgement.final) continue;
    const PaneSnapshot* live = snapshots_[record.question.pane].get();
    if (!live || !live->ready || live->request.variant != record.question.variant) continue;
    const Trace* preview =
        record.preview && record.preview->finished ? &record.preview->trace : nullptr;
    Judgement judgement =
        JudgePick(record.question.choices[record.pick], record.question.step, live->trace, preview);
    if (judgement.known) record.judgement = judgement;
  }

  // The question about the next step.
  if (cursor >= view_->EntryCount()) {
    predict_.ClearQuestion();
    return;
  }
  std::vector<std::string> order = view_->Order();
  if (view_->interactive()) {
    std::vector<int> picks = view_->picks();
    if (predict_.client() < 0 || static_cast<int>(picks.size()) < cursor) {
      predict_.ClearQuestion();
      return;
    }
    picks.resize(cursor);
    picks.push_back(predict_.client());
    order = PickedOrder(scenario, picks, order);
  }
  if (cursor >= static_cast<int>(order.size())) return;
  const std::string& name = order[cursor];
  PaneRequest request;
  request.schedule_name = view_->OrderName();
  request.order = order;
  request.cursor = kPreviewCursor;
  std::shared_ptr<const PaneSnapshot> previews[kPaneCount];
  bool ready[kPaneCount];
  for (int p = 0; p < kPaneCount; ++p) {
    request.variant = view_->variant(p);
    session_->RequestPreview(p, request);
    previews[p] = session_->Preview(p);
    ready[p] = previews[p] && previews[p]->finished && !previews[p]->busy &&
               previews[p]->request.order == order &&
               previews[p]->request.variant == request.variant;
  }
  const int pane = predict_.pane();
  if (!ready[pane]) {
    predict_.ClearQuestion();
    return;
  }
  // The step this pane really sends at the cursor: a client whose step still
  // waits cannot send its next one, so the pane sends another client's first
  // (as the preview, run the same way, did).
  std::string asked = name;
  if (!view_->interactive() && previews[pane]->plan) {
    try {
      const Variant* variant = FindVariant(scenario, view_->variant(pane));
      std::vector<size_t> boundaries = EntryBoundaries(*previews[pane]->plan, variant);
      const std::vector<StepTrace>& sent = previews[pane]->trace.steps;
      if (cursor < static_cast<int>(boundaries.size()) && boundaries[cursor] < sent.size())
        asked = sent[boundaries[cursor]].step_name;
    } catch (const InputError&) {
      // The pane shows the error; ask about the schedule's step.
    }
  }
  std::vector<const Trace*> others;
  const int other = 1 - pane;
  if (ready[other] && view_->variant(other) != view_->variant(pane))
    others.push_back(&previews[other]->trace);
  PredictQuestion question = BuildQuestion(scenario, cursor, pane, view_->variant(pane), asked,
                                           previews[pane]->trace, others);
  if (question.choices.empty())
    predict_.ClearQuestion();
  else
    predict_.SetQuestion(question);
}

bool App::PredictKey(const Shortcut& shortcut) {
  if (!predict_.on()) return false;
  const bool in_schedule = view_->cursor() < view_->EntryCount();
  switch (shortcut.command) {
    case Command::kPick: {
      if (!in_schedule) return true;
      if (view_->interactive() && predict_.client() < 0) {
        std::vector<ClientChoice> choices = view_->Choices(progress_);
        if (shortcut.client < static_cast<int>(choices.size()) && choices[shortcut.client].may_go)
          predict_.ChooseClient(shortcut.client);
        else if (shortcut.client < static_cast<int>(choices.size()))
          Message(choices[shortcut.client].label + ": cannot go next");
        return true;
      }
      if (!predict_.question()) {
        Message("The choices are still being prepared");
      } else if (!predict_.Pick(shortcut.client)) {
        Message("There is no choice " + std::to_string(shortcut.client + 1) + "; pick 1-" +
                std::to_string(predict_.question()->choices.size()));
      }
      return true;
    }
    case Command::kRunPredicted:
      RunPredicted();
      return true;
    case Command::kCancelPick:
      predict_.Cancel();
      return true;
    case Command::kPredictPane:
      predict_.SetPane(1 - predict_.pane());
      return true;
    case Command::kNext:
      // Right runs the chosen client's step without a prediction.
      if (view_->interactive() && predict_.client() >= 0 && in_schedule) {
        const int client = predict_.client();
        predict_.ChooseClient(-1);
        if (view_->Pick(client, progress_))
          for (PaneProgress& progress : progress_) progress.busy = true;
        return true;
      }
      return false;
    default:
      return false;
  }
}

void App::RunPredicted() {
  if (view_->cursor() >= view_->EntryCount()) {
    // The schedule has run: the waiting steps, retries and checks follow.
    view_->Next(progress_);
    return;
  }
  if (progress_[0].busy || progress_[1].busy) {
    Message("Wait until both panes have run the last step");
    return;
  }
  if (view_->interactive() && predict_.client() < 0) {
    Message("Who goes next? Press the client's number first");
    return;
  }
  if (!predict_.question()) {
    Message("The choices are still being prepared");
    return;
  }
  if (predict_.picked() < 0) {
    Message("Pick what happens first: keys 1-" +
            std::to_string(predict_.question()->choices.size()) +
            " (→ runs the step without a prediction)");
    return;
  }
  const int client = predict_.client();
  std::shared_ptr<const PaneSnapshot> preview = session_->Preview(predict_.pane());
  if (!predict_.Commit()) return;
  predict_.records().back().preview = preview;
  bool ran = true;
  if (view_->interactive()) {
    ran = view_->Pick(client, progress_);
  } else if (view_->CanNext(progress_)) {
    view_->Next(progress_);
  } else {
    ran = false;
  }
  if (!ran) {
    predict_.records().pop_back();
    Message("That step cannot run now");
    return;
  }
  for (PaneProgress& progress : progress_) progress.busy = true;
}

// "j4: you picked "completes and reads change=-30". josh completes and reads
// change=-45." ("" before the first round).
std::string App::PredictResultText() const {
  if (predict_.records().empty() || !view_) return "";
  const PredictRecord& last = predict_.records().back();
  const Judgement& judgement = last.judgement;
  std::string text = last.question.step + ": ";
  if (!judgement.known || !judgement.right)
    text += "you picked \"" + last.question.choices[last.pick].Label() + "\". ";
  if (!judgement.known) return text + "Running …";
  return text + ClientNameOf(view_->scenario(), last.question.client) + " " + judgement.reason +
         ".";
}

float App::PredictPanelHeight() const {
  const ImGuiStyle& style = ImGui::GetStyle();
  // The title, the step and its SQL, the choices, then the last result
  // (wrapped beside its "Right." / "Wrong.").
  float result_h = 0;
  const std::string result = PredictResultText();
  if (!result.empty()) {
    const float wrap = ImGui::GetContentRegionAvail().x - style.WindowPadding.x * 2 -
                       ImGui::CalcTextSize("✗ Wrong. ").x - style.ItemSpacing.x;
    result_h = ImGui::CalcTextSize(result.c_str(), nullptr, false, std::max(wrap, 100.0f)).y +
               style.ItemSpacing.y;
  }
  return ImGui::GetTextLineHeightWithSpacing() * 2 + ImGui::GetFrameHeightWithSpacing() +
         std::max(result_h, ImGui::GetTextLineHeightWithSpacing()) + style.WindowPadding.y * 2;
}

void App::DrawPredictPanel(float width, float height) {
  const FontSet& f = fonts_.fonts();
  const Palette& palette = PaletteFor(theme_);
  ImGui::BeginChild("##predict", ImVec2(width, height), true);
  ImGui::PushFont(f.bold);
  ImGui::TextUnformatted(("What happens next in " + view_->variant(predict_.pane()) + "?").c_str());
  ImGui::PopFont();
  Remember("predict_panel");
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(palette.text_muted));
  ImGui::TextUnformatted(predict_.pane() == 0 ? "(the left pane; Tab: the right one)"
                                              : "(the right pane; Tab: the left one)");
  if (predict_.Judged() > 0) {
    ImGui::SameLine();
    ImGui::Text("  %d of %d right", predict_.Right(), predict_.Judged());
    Remember("predict_score");
  }
  ImGui::PopStyleColor();

  const PredictQuestion* question = predict_.question();
  const bool in_schedule = view_->cursor() < view_->EntryCount();
  if (!in_schedule && ViewState::EndCursor(progress_) >= 0) {
    ImGui::TextWrapped("The run is over: %d of %d predictions right.", predict_.Right(),
                       predict_.Judged());
  } else if (!in_schedule) {
    ImGui::TextWrapped(
        "The schedule has run: Enter (or →) finishes the run: the waiting steps, retries, "
        "then the checks.");
  } else if (view_->interactive() && predict_.client() < 0) {
    ImGui::TextWrapped("Who goes next? Press a client's number, then predict its step.");
  } else if (!question) {
    std::shared_ptr<const PaneSnapshot> preview =
        session_ ? session_->Preview(predict_.pane()) : nullptr;
    std::string error = preview ? preview->error : "";
    ImGui::TextWrapped("%s", error.empty() ? "Preparing the choices: running the interleaving "
                                             "ahead on a scratch database of its own …"
                                           : ("The choices cannot be prepared: " + error).c_str());
  } else {
    ImGui::PushFont(f.bold);
    ImGui::TextUnformatted((question->client_name + "'s " + question->step + ":").c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::PushFont(f.mono);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(question->sql.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    const float right = ImGui::GetWindowContentRegionMax().x;
    for (size_t i = 0; i < question->choices.size(); ++i) {
      std::string label = std::to_string(i + 1) + "  " + question->choices[i].Label();
      const bool picked = predict_.picked() == static_cast<int>(i);
      if (picked) label = "● " + label;
      label += "##choice" + std::to_string(i);
      const float w = ImGui::CalcTextSize(label.c_str(), nullptr, true).x +
                      ImGui::GetStyle().FramePadding.x * 2;
      if (i > 0) {
        ImGui::SameLine();
        if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
      }
      if (picked) ImGui::PushStyleColor(ImGuiCol_Button, ToVec4(palette.accent_fill));
      if (ImGui::Button(label.c_str())) predict_.Pick(static_cast<int>(i));
      if (picked) ImGui::PopStyleColor();
      Remember(("predict_choice" + std::to_string(i)).c_str());
    }
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(palette.text_muted));
    const std::string hint = predict_.picked() < 0
                                 ? "pick 1-" + std::to_string(question->choices.size())
                                 : std::string("Enter runs it");
    ImGui::TextUnformatted(hint.c_str());
    ImGui::PopStyleColor();
  }

  // The last round's result.
  if (!predict_.records().empty()) {
    const Judgement& judgement = predict_.records().back().judgement;
    if (judgement.known) {
      ImGui::PushFont(f.bold);
      ImGui::PushStyleColor(ImGuiCol_Text,
                            ToVec4(judgement.right ? palette.good_line : palette.bad_line));
      ImGui::TextUnformatted(judgement.right ? "✓ Right." : "✗ Wrong.");
      ImGui::PopStyleColor();
      ImGui::PopFont();
      ImGui::SameLine();
    }
    ImGui::TextWrapped("%s", PredictResultText().c_str());
    Remember("predict_result");
  }
  ImGui::EndChild();
}

void App::ReportPredict(AppReport* report) const {
  PredictReport& out = report->predict;
  out.on = predict_.on();
  out.pane = predict_.pane();
  out.variant = view_ ? view_->variant(predict_.pane()) : "";
  out.client = view_ ? ClientNameOf(view_->scenario(), predict_.client()) : "";
  if (const PredictQuestion* question = predict_.question()) {
    out.step = question->step;
    for (const PredictChoice& choice : question->choices) out.choices.push_back(choice.Label());
  }
  out.picked = predict_.picked();
  out.right = predict_.Right();
  for (const PredictRecord& record : predict_.records()) {
    PredictRoundReport round;
    round.cursor = record.question.cursor;
    round.variant = record.question.variant;
    round.client = record.question.client_name;
    round.step = record.question.step;
    for (const PredictChoice& choice : record.question.choices)
      round.choices.push_back(choice.Label());
    round.picked = record.question.choices[record.pick].Label();
    round.judged = record.judgement.known;
    round.final = record.judgement.final;
    round.right = record.judgement.right;
    round.actual = record.judgement.actual;
    round.reason = record.judgement.reason;
    out.rounds.push_back(round);
  }
}

}  // namespace interleave::gui
