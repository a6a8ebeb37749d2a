#include "gui/predict_mode.h"

#include <algorithm>

namespace interleave::gui {

bool SameQuestion(const PredictQuestion& a, const PredictQuestion& b) {
  return a.cursor == b.cursor && a.pane == b.pane && a.variant == b.variant && a.step == b.step &&
         a.choices == b.choices;
}

void PredictMode::SetOn(bool on) {
  on_ = on;
  client_ = -1;
  ClearQuestion();
}

void PredictMode::SetPane(int pane) {
  if (pane == pane_) return;
  pane_ = pane;
  ClearQuestion();
}

void PredictMode::ChooseClient(int client) {
  if (client == client_) return;
  client_ = client;
  ClearQuestion();
}

void PredictMode::SetQuestion(const PredictQuestion& question) {
  if (has_question_ && SameQuestion(question_, question)) return;
  question_ = question;
  has_question_ = true;
  picked_ = -1;
}

void PredictMode::ClearQuestion() {
  has_question_ = false;
  question_ = PredictQuestion{};
  picked_ = -1;
}

bool PredictMode::Pick(int index) {
  if (!has_question_ || index < 0 || index >= static_cast<int>(question_.choices.size()))
    return false;
  picked_ = index;
  return true;
}

void PredictMode::Cancel() {
  if (picked_ >= 0) {
    picked_ = -1;
  } else if (client_ >= 0) {
    client_ = -1;
    ClearQuestion();
  }
}

bool PredictMode::Commit() {
  if (!has_question_ || picked_ < 0) return false;
  PredictRecord record;
  record.question = question_;
  record.pick = picked_;
  ForgetFrom(question_.cursor);
  records_.push_back(record);
  client_ = -1;
  ClearQuestion();
  return true;
}

void PredictMode::ForgetFrom(int cursor) {
  records_.erase(std::remove_if(records_.begin(), records_.end(),
                                [cursor](const PredictRecord& record) {
                                  return record.question.cursor >= cursor;
                                }),
                 records_.end());
}

int PredictMode::Judged() const {
  int judged = 0;
  for (const PredictRecord& record : records_)
    if (record.judgement.known) ++judged;
  return judged;
}

int PredictMode::Right() const {
  int right = 0;
  for (const PredictRecord& record : records_)
    if (record.judgement.known && record.judgement.right) ++right;
  return right;
}

}  // namespace interleave::gui
