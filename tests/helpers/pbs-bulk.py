#!/usr/bin/env python3
"""Many jobs for the PBS simulator at once, without a supervisor each: the
records of a real job (submitted, then finished) copied N times as queued
jobs, which qstat reports like any other.  Tests move them on by hand.

usage: pbs-bulk.py add N            prints the ids of N new queued jobs
       pbs-bulk.py set STATE [CODE] every bulk job: R, or F with
                                    Exit_status CODE
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "pbs-sim"))
import pbssim  # noqa: E402


def template(sim):
    out = subprocess.run(["qsub", "--", "/bin/true"], check=True,
                         capture_output=True, text=True).stdout.strip()
    seq = int(out.split(".")[0])
    for _ in range(400):
        rec = sim.load(seq)
        if rec is not None and rec["state"] == "F":
            break
        time.sleep(0.05)
    else:
        sys.exit("pbs-bulk: the template job did not finish")
    for key in ("exit_status", "stime", "obittime", "resources_used",
                "exec_host", "exec_vnode"):
        rec.pop(key, None)
    rec.update({"state": "Q", "substate": 10, "comment": None,
                "bulk": True})
    return rec


def main():
    sim = pbssim.Sim()
    if sys.argv[1] == "add":
        rec = template(sim)
        for _ in range(int(sys.argv[2])):
            seq = sim.next_seq()
            rec.update({"seq": seq, "id": sim.job_id(seq),
                        "name": "bulk%d" % seq})
            sim.save(rec)
            print(rec["id"])
    elif sys.argv[1] == "set":
        for seq in sim.all_seqs():
            rec = sim.load(seq)
            if rec is None or not rec.get("bulk"):
                continue
            rec["state"] = sys.argv[2]
            if sys.argv[2] == "F":
                rec["exit_status"] = int(sys.argv[3])
                rec["substate"] = 92
            sim.save(rec)
    return 0


if __name__ == "__main__":
    sys.exit(main())
