#!/usr/bin/env python3
"""End-to-end test of `interleave gui` under Xvfb, driven like a person would.

Starts the real window on the PeakPeeps lost-update scenario, presses keys and
clicks buttons with xdotool (real X input events), exports PNGs with the app's
own F12 / Shift F12, and checks the state the window reached through the JSON
report the app keeps (--state-file). Nothing is ordered with sleeps: every
wait is for a condition (the window exists, the report says so), polled with a
deadline. Then "who goes next?" builds an interleaving on a copy of the file
and saves it as a schedule, "what happens next?" plays a round through the
coupon purchase case with number keys and Enter, a deadlock the server
resolves shows without a key, and a generated 100-step scenario measures the
frame time under Mesa's llvmpipe (printed, not asserted).

Exit status: 0 passed, 1 failed, 77 skipped (xvfb-run or xdotool missing).
"""

import argparse
import html
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

SKIP = 77
SCREEN = "1920x1080"


class Failure(Exception):
    pass


def log(text):
    print(text, flush=True)


def check(condition, what):
    if not condition:
        raise Failure(what)
    log("  ok: " + what)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise Failure(path + " is not a PNG")
    return struct.unpack(">II", head[16:24])


class Window:
    """One run of `interleave gui`, its X window and its state report."""

    def __init__(self, binary, args, workdir, name):
        self.state_path = os.path.join(workdir, name + "-state.json")
        self.export_dir = os.path.join(workdir, name + "-png")
        os.makedirs(self.export_dir, exist_ok=True)
        self.log_path = os.path.join(workdir, name + ".log")
        self.log = open(self.log_path, "w")
        cmd = [binary, "gui"] + args + ["--size", SCREEN, "--state-file", self.state_path,
                                        "--export-dir", self.export_dir]
        log("$ " + " ".join(cmd))
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)
        self.wid = None

    def find_window(self, timeout=60):
        # `xdotool search --sync` blocks until the window is mapped; bound it.
        try:
            out = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name",
                                  "^interleave"], capture_output=True, text=True,
                                 timeout=timeout, check=True).stdout.split()
        except subprocess.TimeoutExpired:
            raise Failure("no interleave window appeared within %d s" % timeout)
        self.wid = out[0]
        # No window manager under Xvfb: keys go where the pointer is.
        self.xdotool("windowfocus", "--sync", self.wid)
        self.xdotool("mousemove", "--window", self.wid, "3", "3")
        log("  window " + self.wid)

    def xdotool(self, *args):
        subprocess.run(["xdotool"] + list(args), check=True, timeout=20)

    def key(self, *keys):
        for key in keys:
            self.xdotool("key", "--clearmodifiers", key)

    def click(self, widget, state=None):
        state = state or self.state()
        rect = state["widgets"].get(widget)
        if rect is None:
            raise Failure("the report has no widget %r (have %s)" % (widget,
                                                                   sorted(state["widgets"])))
        x, y = int(rect[0] + rect[2] / 2), int(rect[1] + rect[3] / 2)
        self.xdotool("mousemove", "--window", self.wid, str(x), str(y))
        self.xdotool("click", "1")

    def hover(self, rect):
        x, y = int(rect[0] + rect[2] / 2), int(rect[1] + rect[3] / 2)
        self.xdotool("mousemove", "--window", self.wid, str(x), str(y))

    def state(self):
        try:
            with open(self.state_path) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def wait(self, what, predicate, timeout=60):
        """Polls the report until `predicate(state)` holds (bounded)."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise Failure("the window exited (%s) while waiting for %s; see %s" %
                              (self.proc.returncode, what, self.log_path))
            last = self.state()
            if last is not None and predicate(last):
                log("  ok: " + what)
                return last
            time.sleep(0.05)  # polling interval, not an ordering
        raise Failure("timed out waiting for %s; last state: %s" %
                      (what, json.dumps(last, indent=1)[:3000] if last else None))

    def at(self, cursor, timeout=60):
        return self.wait("both panes at step %d" % cursor,
                         lambda s: s["cursor"] == cursor and s["settled"] and
                         all(p["cursor"] == cursor or p["finished"] for p in s["panes"]),
                         timeout)

    def close(self):
        if self.proc.poll() is None:
            self.key("ctrl+q")
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise Failure("the window did not close on Ctrl+Q")
        self.log.close()
        return self.proc.returncode


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is gone for our purposes.
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def stepping(binary, source, workdir):
    log("== stepping through the lost update with keys and clicks")
    scenario = os.path.join(source, "scenarios/peakpeeps/peepcoin_lost_update.toml")
    w = Window(binary, [scenario, "--presentation", "--variant", "baseline",
                        "--variant", "select-for-update"], workdir, "stepping")
    try:
        w.find_window()
        s = w.at(0)
        check(s["panes"][0]["variant"] == "baseline", "left pane is the baseline")
        check(s["panes"][1]["variant"] == "select-for-update", "right pane is the fix")
        check(s["presentation"] and s["font_px"] >= 30, "presentation preset (about 24 pt)")
        server_pid = s["server_pid"]

        w.key("Right", "Right", "Right", "Right")
        s = w.at(4)
        check(s["panes"][1]["waiting"] == ["laptop"],
              "with FOR UPDATE the laptop's read waits at step 4")
        check(s["panes"][0]["waiting"] == [], "the baseline's read does not wait")
        # The locks panel (L): the fix's laptop waits for the phone's row lock.
        w.key("l")
        s = w.wait("the locks panels", lambda s: s["locks_panel"] and s["panes"][1]["locks"])
        locks = s["panes"][1]["locks"]
        log("  locks panel (select-for-update, step 4): " + " | ".join(locks))
        check(locks[0] == "Locks after laptop's l2", "the panel is about the newest step, l2")
        check(any(line.startswith("phone holds FOR UPDATE on users") for line in locks),
              "the phone holds FOR UPDATE on its row")
        check(any(line.startswith("laptop waits for phone's") for line in locks),
              "the laptop waits for the phone")
        check(not any("waits" in line for line in s["panes"][0]["locks"]),
              "in the baseline nobody waits")
        w.key("l")
        s = w.wait("the locks panels hidden", lambda s: not s["locks_panel"] and
                   not s["panes"][1]["locks"])
        w.key("Right", "Right")
        s = w.at(6)
        check(s["panes"][0]["waiting"] == ["laptop"], "the baseline's l3 waits at step 6")
        check("peepcoins=100" in s["panes"][0]["committed"],
              "nothing committed yet after step 6 (100 coins)")
        w.key("F12")
        s = w.wait("a PNG of the window", lambda s: len(s["exports"]) == 1)
        check(png_size(s["exports"][0]) == (1920, 1080), "the window PNG is 1920x1080")

        # Hovering a step shows its card (the report names the hovered step).
        rect = s["widgets"].get("pane0_last_box")
        check(rect is not None, "the newest step's box is on screen")
        w.hover(rect)
        s = w.wait("the hover card of l3", lambda s: s["panes"][0]["hovered"] == "l3")
        w.key("F12")
        s = w.wait("a PNG with the hover card", lambda s: len(s["exports"]) == 2)

        w.key("Left")
        s = w.at(5)
        check(s["panes"][0]["order"] == "p1 l1 p2 l2 p3", "Back replayed up to step 5")
        check(s["panes"][0]["waiting"] == [], "after Back nobody waits in the baseline")
        w.click("next", s)
        s = w.at(6)
        check(s["panes"][0]["order"] == "p1 l1 p2 l2 p3 l3", "clicking Next ran l3")
        w.key("Right")
        s = w.at(7)
        check("peepcoins=70" in s["panes"][0]["committed"], "after p4 commits: 70 committed")

        w.key("End")
        s = w.wait("both runs finished",
                   lambda s: s["settled"] and all(p["finished"] for p in s["panes"]) and
                   s["cursor"] < 1000)
        check(s["panes"][0]["verdict"] == "anomaly", "the baseline shows the lost update")
        check(s["panes"][0]["headline"] == "ANOMALY: lost update (G-single)", "red banner's words")
        check(s["panes"][1]["verdict"] == "prevented-by-wait", "FOR UPDATE prevents it")
        check(s["panes"][1]["headline"] == "PREVENTED: a client waited", "green banner's words")
        # The compact layout: the whole 2 x 4 interleaving in both panes, and
        # the baseline's dependency arrows (its cycle among them).
        s = w.wait("all eight steps in view in both panes",
                   lambda s: all(p["visible_steps"] >= 8 for p in s["panes"]))
        check(s["panes"][0]["edges_drawn"] >= 2, "the baseline's cycle is drawn as arrows")
        # The anomaly's card under the baseline's timeline, whole (no scrolling).
        check(s["panes"][0]["card_shown"] and s["panes"][0]["card_overflow_px"] == 0,
              "the lost update's card is shown whole under the timeline")
        check(not s["panes"][1]["card_shown"], "the fix has no anomaly card")
        check("peepcoins=60" in s["panes"][0]["committed"], "the baseline ends with 60")
        check("peepcoins=30" in s["panes"][1]["committed"], "the fix ends with 30")
        w.key("F12")
        s = w.wait("a PNG of the verdicts", lambda s: len(s["exports"]) == 3)
        w.key("shift+F12")
        s = w.wait("a PNG of the two panes", lambda s: len(s["exports"]) == 4)
        width, height = png_size(s["exports"][3])
        check(width < 1920 and height < 1080 and width > 1500, "the panes PNG is the panes only")

        w.key("F6")
        s = w.wait("the dark theme", lambda s: s["theme"] == "dark")
        w.key("F12")
        s = w.wait("a PNG in the dark theme", lambda s: len(s["exports"]) == 5)
        w.key("F6")
        # The web page of the two runs (F9): the file, its steps and its graph.
        exported = len(s["exports"])
        w.key("F9")
        s = w.wait("the web page", lambda s: len(s["exports"]) == exported + 1)
        page_path = s["exports"][-1]
        check(page_path.endswith(".html") and page_path in s["message"],
              "the status line names the page written")
        with open(page_path, encoding="utf-8") as f:
            page = html.unescape(f.read())  # attribute values as a browser reads them
        check('data-step="l2"' in page and 'data-edge="l2-rw->p3"' in page,
              "the page has the steps and the l2 -rw-> p3 edge")
        check('data-graph-edge="laptop-rw->phone"' in page, "and its precedence graph")
        before = s["font_px"]
        w.key("ctrl+minus")
        s = w.wait("smaller text", lambda s: s["font_px"] < before)
        w.key("ctrl+equal")
        s = w.wait("larger text again", lambda s: s["font_px"] == before)
        w.key("Home")
        # A pane that had finished counts as "at" any step until its reset is
        # reported, so wait for the reset itself (bounded), not one snapshot.
        s = w.wait("Home resets both panes",
                   lambda s: s["cursor"] == 0 and s["settled"] and
                   all(p["steps"] == 0 for p in s["panes"]))
        check(s["panes"][0]["steps"] == 0, "Home resets both panes")
        for path in s["exports"]:
            shutil.copy(path, os.path.join(workdir, os.path.basename(path)))
    finally:
        status = w.close()
    check(status == 0, "the window closed cleanly")
    if server_pid and server_pid > 0:
        check(not pid_alive(server_pid), "closing the window stopped the private server")
    return s["exports"]


def who_goes_next(binary, source, workdir):
    log("== who goes next? builds an interleaving and saves it")
    scenario = os.path.join(workdir, "peepcoin_lost_update.toml")
    shutil.copy(os.path.join(source, "scenarios/peakpeeps/peepcoin_lost_update.toml"), scenario)
    if os.path.exists(os.path.join(source, "scenarios/peakpeeps/schema.sql")):
        shutil.copy(os.path.join(source, "scenarios/peakpeeps/schema.sql"), workdir)
    w = Window(binary, [scenario, "--variant", "baseline", "--variant", "atomic-update"],
               workdir, "picks")
    try:
        w.find_window()
        w.at(0)
        w.key("F4")
        s = w.wait("who goes next? is on", lambda s: s["interactive"] and "pick0" in s["widgets"])
        # The laptop reads first, then the phone reads and writes, then the laptop writes.
        for client, cursor in [(1, 1), (1, 2), (0, 3), (0, 4), (0, 5)]:
            w.click("pick%d" % client, s)
            s = w.at(cursor)
        check(s["picks"] == ["laptop", "laptop", "phone", "phone", "phone"], "the picks")
        check(s["panes"][0]["order"] == "l1 l2 p1 p2 p3" == s["panes"][1]["order"],
              "both panes ran the picked order")
        w.click("pick1", s)  # l3: its row lock is held by the phone's p3
        s = w.at(6)
        check(s["panes"][0]["waiting"] == ["laptop"], "the laptop's write waits for the phone")
        check("pick1" in s["widgets"], "the laptop's button is still there")
        w.click("pick0", s)  # p4 commits and releases the laptop
        s = w.at(7)
        check(s["panes"][0]["waiting"] == [], "the phone's commit released the laptop")
        w.click("save_schedule", s)
        s = w.wait("the save dialog", lambda s: "save_confirm" in s["widgets"])
        w.click("save_confirm", s)
        s = w.wait("the schedule saved", lambda s: s["saved_schedule"] != "")
        name = s["saved_schedule"]
        log("  saved as %r" % name)
    finally:
        status = w.close()
    check(status == 0, "the window closed cleanly")
    with open(scenario) as f:
        text = f.read()
    check('name = "%s"' % name in text and 'steps = "l1 l2 p1 p2 p3 l3 p4 l4"' in text,
          "the file has the new [[schedules]] entry")
    run = subprocess.run([binary, "run", scenario, "--schedule", name, "--variant", "baseline",
                          "--no-color"], capture_output=True, text=True, timeout=120)
    check(run.returncode == 0, "interleave run accepts the saved schedule")
    check("VERDICT anomaly" in run.stdout, "and it replays the lost update")


def predict_round(binary, source, workdir):
    log("== what happens next? a round through the coupon purchase, from the keyboard")
    scenario = os.path.join(source, "scenarios/peakpeeps/coupon_purchase_nonrepeatable_read.toml")
    w = Window(binary, [scenario, "--presentation", "--variant", "no-fix", "--variant",
                        "for-share"], workdir, "predict")
    order = "j1 j2 j3 o1 o2 o3 o4 j4 j5 j6".split()
    # What the class picks at each step (a choice's words), and in which pane.
    plan = {
        "j3": "completes and reads price=30, can_afford=t",
        "o2": "completes and reads id=2, name=BOGO loaded tots, valid=t, price=45",
        "o3": "waits for a lock",  # in the for-share pane (Tab)
        "j4": "completes and reads change=-30",
    }
    try:
        w.find_window()
        w.at(0)
        w.key("F3")
        s = w.wait("what happens next? is on", lambda s: s["predict"]["on"])
        check("predict_panel" in s["widgets"], "the panel is shown")
        for cursor, step in enumerate(order):
            if step == "o3":
                w.key("Tab")
            if step == "o4":
                # The owner still waits in for-share: that pane sends josh's j4 first.
                w.wait("the for-share pane asks about j4, not the waiting owner's o4",
                       lambda s: s["predict"]["pane"] == 1 and s["predict"]["step"] == "j4")
                w.key("Tab")
            pane = 1 if step == "o3" else 0
            s = w.wait("the question about %s" % step,
                       lambda s: s["predict"]["step"] == step and s["predict"]["pane"] == pane and
                       s["predict"]["choices"] and s["settled"])
            choices = s["predict"]["choices"]
            log("  %s (%s): %s" % (step, s["predict"]["variant"], " | ".join(
                "%d %s" % (i + 1, c) for i, c in enumerate(choices))))
            want = plan.get(step, "completes")
            if want not in choices:
                want = [c for c in choices if c.startswith("completes")][0]
            index = choices.index(want)
            if cursor == 0:
                w.key("Return")  # without a pick nothing runs
                s = w.wait("Enter without a pick only asks for one",
                           lambda s: "Pick what happens first" in s["message"])
                check(s["cursor"] == 0 and not s["predict"]["rounds"], "nothing ran")
            w.key(str(index + 1))
            s = w.wait("picked %d" % (index + 1), lambda s: s["predict"]["picked"] == index)
            w.key("Return")
            s = w.at(cursor + 1)
            s = w.wait("%s judged" % step,
                       lambda s: len(s["predict"]["rounds"]) == cursor + 1 and
                       s["predict"]["rounds"][-1]["judged"])
            r = s["predict"]["rounds"][-1]
            log("  -> %s: %s; %s" % ("RIGHT" if r["right"] else "WRONG", r["actual"], r["reason"]))
            if step == "o3":
                w.key("F12")
                s = w.wait("a PNG of the o3 reveal", lambda s: len(s["exports"]) == 1)
        rounds = {r["step"]: r for r in s["predict"]["rounds"]}
        check(rounds["j3"]["right"] and "price=30" in rounds["j3"]["actual"],
              "j3 reads the price 30 (right)")
        check(rounds["o3"]["right"] and rounds["o3"]["variant"] == "for-share" and
              rounds["o3"]["reason"].startswith(
                  "waits: josh holds the row lock on coupons id=2 since j3"),
              "with FOR SHARE the owner's o3 waits for josh's lock (right, with the reason)")
        check(not rounds["j4"]["right"] and rounds["j4"]["actual"] ==
              "completes and reads change=-45", "j4 charges 45, not 30 (a wrong pick, marked)")
        check(not rounds["o2"]["right"], "o2 read 30 while the class said 45 (wrong)")
        check(s["predict"]["right"] == sum(1 for r in s["predict"]["rounds"] if r["right"]),
              "the score counts the right rounds")
        w.key("End")
        s = w.wait("both runs finished",
                   lambda s: s["settled"] and all(p["finished"] for p in s["panes"]))
        s = w.wait("o3's round final", lambda s: all(r["final"] for r in s["predict"]["rounds"]))
        check("then completes after j6" in {r["step"]: r for r in s["predict"]["rounds"]}["o3"]
              ["reason"], "o3's reason says josh's commit released it")
        w.key("F12")
        s = w.wait("a PNG of the round's end", lambda s: len(s["exports"]) == 2)
        for path in s["exports"]:
            shutil.copy(path, os.path.join(workdir, "predict-" + os.path.basename(path)))
        with open(os.path.join(workdir, "predict-rounds.json"), "w") as f:
            json.dump(s["predict"], f, indent=1)
        w.key("Home")
        s = w.wait("Home forgets the rounds it undid",
                   lambda s: s["cursor"] == 0 and not s["predict"]["rounds"])
        # With "who goes next?": the first number chooses the client, the next its outcome.
        w.key("F4")
        s = w.wait("who goes next? with predictions",
                   lambda s: s["interactive"] and s["predict"]["on"] and not s["predict"]["step"]
                   and s["settled"] and "pick1" in s["widgets"])  # the clients are offered
        w.key("2")
        s = w.wait("the owner chosen, the question about o1",
                   lambda s: s["predict"]["client"] == "owner" and s["predict"]["step"] == "o1" and
                   s["predict"]["choices"])
        check(s["cursor"] == 0, "choosing the client runs nothing")
        w.key("Escape", "Escape")
        s = w.wait("Escape takes the client back", lambda s: s["predict"]["client"] == "")
        w.key("1")
        s = w.wait("josh chosen, the question about j1",
                   lambda s: s["predict"]["client"] == "josh" and s["predict"]["step"] == "j1" and
                   s["predict"]["choices"])
        w.key(str(s["predict"]["choices"].index("completes") + 1), "Return")
        s = w.at(1)
        s = w.wait("j1 judged", lambda s: s["predict"]["rounds"] and
                   s["predict"]["rounds"][-1]["judged"])
        check(s["picks"] == ["josh"] and s["predict"]["rounds"][-1]["right"],
              "josh's j1 ran on both panes, and the pick was right")
    finally:
        status = w.close()
    check(status == 0, "the window closed cleanly")


def deadlock_shows_itself(binary, source, workdir):
    log("== a deadlock the server resolves shows without another key")
    scenario = os.path.join(source, "scenarios/textbook/dirty_write.toml")
    w = Window(binary, [scenario, "--variant", "opposite-order-deadlock-retry", "--variant",
                        "read-committed"], workdir, "deadlock")
    try:
        w.find_window()
        w.at(0)
        # a1 b1 a2 b2 b3: Bob's listing write waits for Alice; then Alice's invoice write
        # waits for Bob's: a cycle, which the server ends by aborting one of them.
        for cursor in range(1, 7):
            w.key("Right")
            w.at(cursor)
        s = w.wait("the deadlock's end shows at step 6, no key pressed",
                   lambda s: s["cursor"] == 6 and s["settled"] and
                   "a3" in s["panes"][0]["order"].split() and not s["panes"][0]["waiting"],
                   timeout=30)
        check(s["panes"][0]["order"].split()[-1] == "a3", "alice's a3 closed the cycle")
    finally:
        status = w.close()
    check(status == 0, "the window closed cleanly")


def two_engines(binary, source, workdir):
    log("== PostgreSQL left, MariaDB right, the same variant")
    if shutil.which("mariadbd") is None and not os.path.exists("/usr/sbin/mariadbd"):
        log("  skipped: mariadbd is not installed (apt-get install mariadb-server)")
        return
    scenario = os.path.join(source, "scenarios/textbook/lost_update.toml")
    w = Window(binary, [scenario, "--engine", "postgresql,mariadb", "--variant",
                        "repeatable-read", "--step", "9"], workdir, "engines")
    try:
        w.find_window()
        s = w.wait("both panes finished the lost update",
                   lambda s: s["settled"] and all(p["finished"] for p in s["panes"]),
                   timeout=120)
        left, right = s["panes"]
        check(left["engine"] == "postgresql" and right["engine"] == "mariadb",
              "the left pane runs on PostgreSQL, the right on MariaDB")
        check(left["variant"] == right["variant"] == "repeatable-read",
              "both panes show repeatable-read")
        check(right["server_version"].startswith("10.") or right["server_version"].startswith("11."),
              "the MariaDB pane names its server's version (%s)" % right["server_version"])
        check(left["verdict"] == "aborted-without-retry" and right["verdict"] == "anomaly",
              "PostgreSQL aborts bob (40001); MariaDB loses alice's deposit")
    finally:
        status = w.close()
    check(status == 0, "the window closed cleanly")


def longer_card(binary, source, workdir):
    log("== a longer anomaly card (Dune's phantom) in presentation mode")
    scenario = os.path.join(source, "scenarios/nextflix/dune_duplicate_insert.toml")
    w = Window(binary, [scenario, "--presentation", "--step", "99"], workdir, "card")
    try:
        w.find_window()
        s = w.wait("both Dune runs finished",
                   lambda s: s["settled"] and all(p["finished"] for p in s["panes"]))
        for p in s["panes"]:
            check(p["verdict"] == "anomaly" and p["card_shown"],
                  "%s: the phantom's card is shown" % p["variant"])
            check(p["card_overflow_px"] == 0,
                  "%s: the card fits without a scroll bar (%.0f px over)" %
                  (p["variant"], p["card_overflow_px"]))
    finally:
        status = w.close()
    check(status == 0, "the window closed cleanly")


def process_cpu_s(pid):
    """User and system CPU seconds of process `pid`, all its threads."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().split(")")[-1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def frame_time(binary, workdir):
    log("== frame time with a 100-step trace (Mesa llvmpipe)")
    path = os.path.join(workdir, "hundred_steps.toml")
    lines = ['title = "A hundred steps"', 'anomaly = "none (a frame-time test)"',
             'story = "Two clients take turns, fifty steps each."',
             'setup = "CREATE TABLE c (id int PRIMARY KEY, n int); '
             'INSERT INTO c VALUES (1, 0), (2, 0);"', 'show = ["c"]']
    order = []
    for client, name in ((0, "a"), (1, "b")):
        lines += ["", "[[clients]]", 'name = "%s"' % ("left" if client == 0 else "right")]
        for i in range(1, 51):
            sql = ("UPDATE c SET n = n + 1 WHERE id = %d RETURNING n" % (client + 1)
                   if i % 2 else "SELECT n, %d AS step FROM c WHERE id = %d" % (i, client + 1))
            lines += ["  [[clients.steps]]", '  name = "%s%d"' % (name, i), '  sql = "%s"' % sql]
    for i in range(1, 51):
        order += ["a%d" % i, "b%d" % i]
    lines += ["", "[[schedules]]", 'name = "turns"', 'steps = "%s"' % " ".join(order), "",
              "[[checks]]", 'name = "counted"', 'sql = "SELECT sum(n) FROM c"',
              'expect_any = ["50"]', 'explain = "Each client adds 25."']
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    # Presentation: the compact layout, with the dependency arrows drawn.
    w = Window(binary, [path, "--continuous", "--presentation", "--step", "101"], workdir,
               "frames")
    try:
        w.find_window()
        s = w.wait("the 100-step runs finished",
                   lambda s: s["settled"] and all(p["finished"] for p in s["panes"]),
                   timeout=120)
        check(s["panes"][0]["steps"] == 100, "the trace has 100 steps")
        frames = s["frames"]
        cpu_start = process_cpu_s(w.proc.pid)
        s = w.wait("240 more frames", lambda s: s["frames"] >= frames + 240, timeout=300)
        # CPU time of the window's process (its llvmpipe threads included) a
        # frame: unlike the times, it hardly depends on the machine's load.
        cpu_ms = (process_cpu_s(w.proc.pid) - cpu_start) * 1000.0 / (s["frames"] - frames)
        still_triangles = s.get("triangles", -1)
        # Scroll up through the timeline while measuring, too.
        w.hover([600, 600, 1, 1])
        for _ in range(10):
            w.xdotool("click", "4")
        frames = s["frames"]
        s = w.wait("120 frames while scrolling", lambda s: s["frames"] >= frames + 120,
                   timeout=300)
    finally:
        w.close()
    log("FRAME CPU (100-step trace, at the end, %d triangles): %.1f ms of CPU a frame, all "
        "threads" % (still_triangles, cpu_ms))
    log("FRAME TIME (100-step trace, 1920x1080, llvmpipe, presentation, %d + %d arrows drawn, "
        "%d triangles): average %.2f ms (building the ImGui "
        "frame %.2f ms, OpenGL drawing until glFinish %.2f ms), max %.2f ms, frame interval "
        "%.2f ms (%.0f frames/s), load average %.1f" %
        (s["panes"][0]["edges_drawn"], s["panes"][1]["edges_drawn"], s.get("triangles", -1),
         s["frame_ms_avg"], s["build_ms_avg"], s["draw_ms_avg"], s["frame_ms_max"],
         s["frame_interval_ms_avg"], 1000.0 / max(s["frame_interval_ms_avg"], 1e-3),
         os.getloadavg()[0]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--keep", help="copy the PNGs and reports into this folder")
    parser.add_argument("--only", choices=["stepping", "who_goes_next", "predict", "deadlock",
                                           "engines", "card", "frames"],
                        help="run one part only")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if not args.inner:
        missing = [tool for tool in ("xvfb-run", "xdotool") if shutil.which(tool) is None]
        if missing:
            print("SKIP: the GUI end-to-end test needs %s (apt-get install xvfb xdotool)" %
                  " and ".join(missing))
            return SKIP
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 %sx24" % SCREEN, sys.executable,
               os.path.abspath(__file__), "--inner", "--binary", args.binary,
               "--source", args.source] + (["--keep", args.keep] if args.keep else []) + \
              (["--only", args.only] if args.only else [])
        return subprocess.call(cmd)

    workdir = tempfile.mkdtemp(prefix="interleave-gui-e2e-")
    log("work folder " + workdir)
    try:
        parts = [("stepping", lambda: stepping(args.binary, args.source, workdir)),
                 ("who_goes_next", lambda: who_goes_next(args.binary, args.source, workdir)),
                 ("predict", lambda: predict_round(args.binary, args.source, workdir)),
                 ("deadlock", lambda: deadlock_shows_itself(args.binary, args.source, workdir)),
                 ("engines", lambda: two_engines(args.binary, args.source, workdir)),
                 ("card", lambda: longer_card(args.binary, args.source, workdir)),
                 ("frames", lambda: frame_time(args.binary, workdir))]
        for name, part in parts:
            if not args.only or args.only == name:
                part()
    except Failure as failure:
        print("FAILED: %s" % failure)
        for name in sorted(os.listdir(workdir)):
            if name.endswith(".log"):
                with open(os.path.join(workdir, name)) as f:
                    print("--- %s\n%s" % (name, f.read()[-4000:]))
        return 1
    finally:
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            for name in os.listdir(workdir):
                path = os.path.join(workdir, name)
                if os.path.isfile(path):
                    shutil.copy(path, args.keep)
        shutil.rmtree(workdir, ignore_errors=True)
    log("PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
