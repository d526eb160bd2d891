"""fleet_ctxt.py SRC_DIR LISTENER_PIDFILE OUT.json [BOUND_S]: watches one fleet test host while
its suite measures and writes how often each process of the engine woke meanwhile.

It waits for the `forkbench suite` process built in SRC_DIR (the host's forkbench_dir), then
names the engine's processes: the ancestors of the suite's host-suite.sh up to, not including,
the host's sshd listener (Ansible's module, its shells, the sshd session processes). It reads
their voluntary_ctxt_switches from /proc when the suite appears and again as long as the suite
is alive (a reading counts only if the suite still ran after it), and writes {pid: [name, first,
last]}. A count, not a timing: an engine that polled would add switches while it waits. Bounded:
gives up after BOUND_S seconds (default 300) with an empty result."""
import json
import os
import sys
import time


def stat_of(pid):
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
        return {"name": fields["Name"].strip(), "ppid": int(fields["PPid"]),
                "vcs": int(fields["voluntary_ctxt_switches"])}
    except (OSError, KeyError, ValueError):
        return None


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def find_suite(src):
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            exe = os.readlink(f"/proc/{d}/exe")
        except OSError:
            continue
        if exe == os.path.join(src, "build", "forkbench") and " suite " in cmdline(d) + " ":
            return int(d)
    return None


def engine_of(suite, listener):
    """The pids above host-suite.sh up to the listener's child, or [] if the chain is not that."""
    chain, pid = [], suite
    for _ in range(64):
        st = stat_of(pid)
        if st is None:
            return []
        if st["ppid"] == listener:
            chain.append(pid)
            break
        chain.append(pid)
        pid = st["ppid"]
    else:
        return []
    marks = [i for i, p in enumerate(chain) if "host-suite.sh" in cmdline(p)]
    return chain[marks[0] + 1:] if marks else []


def main(src, pidfile, out, bound_s=300.0):
    deadline = time.monotonic() + bound_s
    result = {}
    suite = engine = None
    while time.monotonic() < deadline:
        if suite is None:
            try:
                with open(pidfile, encoding="utf-8") as f:
                    listener = int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                listener = None
            suite = find_suite(src) if listener else None
            if suite:
                engine = engine_of(suite, listener)
                first = {p: stat_of(p) for p in engine}
                result = {str(p): [s["name"], s["vcs"], s["vcs"]] for p, s in first.items() if s}
        else:
            now = {p: stat_of(p) for p in engine}
            if stat_of(suite) is None:
                break
            for p, s in now.items():
                if s:
                    result[str(p)][2] = s["vcs"]
        time.sleep(0.05)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]) if len(sys.argv) > 4 else 300.0)
