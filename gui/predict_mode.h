// The "what happens next?" mode between frames: whether it is on, whose run
// the class predicts (one pane), the question for the next step and the
// class's pick, and the rounds played (each pick and how it fared). With
// "who goes next?" a round first chooses the client, then its outcome. The
// window builds the questions (gui/predict_round.h) from its previews, and
// judges the rounds against the live panes. Pure logic: testable without a
// window or a server.
// Thread-safety: owned and used by the UI thread only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gui/pane_snapshot.h"
#include "gui/predict_round.h"

namespace interleave::gui {

// One round: the question, the pick, and how it fared on the live run.
struct PredictRecord {
  PredictQuestion question;
  int pick = -1;  // index into question.choices
  Judgement judgement;
  // The preview the question was built from (names rows and versions).
  std::shared_ptr<const PaneSnapshot> preview;
};

class PredictMode {
 public:
  bool on() const { return on_; }
  // Turning it on or off forgets the question, the pick and the client.
  void SetOn(bool on);
  int pane() const { return pane_; }
  void SetPane(int pane);

  // "Who goes next?" with predictions: the client whose step the question is
  // about (-1: not chosen yet).
  int client() const { return client_; }
  void ChooseClient(int client);

  // The question for the next step (null while it is being prepared).
  const PredictQuestion* question() const { return has_question_ ? &question_ : nullptr; }
  // Shows `question`; the pick is kept when it is the same question.
  void SetQuestion(const PredictQuestion& question);
  void ClearQuestion();
  int picked() const { return picked_; }
  // Picks choice `index` (0-based); false when there is no such choice.
  bool Pick(int index);
  // Escape: forgets the pick, then the client.
  void Cancel();

  // The step is about to run: the question and the pick become a round.
  // False (and nothing changes) without a question or a pick.
  bool Commit();

  // Forgets the rounds about steps at `cursor` or later (stepped back).
  void ForgetFrom(int cursor);
  std::vector<PredictRecord>& records() { return records_; }
  const std::vector<PredictRecord>& records() const { return records_; }
  // Rounds judged so far, and how many of them were right.
  int Judged() const;
  int Right() const;

 private:
  bool on_ = false;
  int pane_ = 0;
  int client_ = -1;
  bool has_question_ = false;
  PredictQuestion question_;
  int picked_ = -1;
  std::vector<PredictRecord> records_;
};

// Whether `a` and `b` ask the same thing (the pick carries over).
bool SameQuestion(const PredictQuestion& a, const PredictQuestion& b);

}  // namespace interleave::gui
