"""make fleet's driver (scripts/fleet.sh runs it; docs/DESIGN.md §11): checks the request, packs
this checkout's HEAD with a VERSION file, runs the playbook beside this file on the hosts that
have no result in the fleet directory yet, unpacks what came back into one directory per host,
records each host's status and reason, and writes fleet.csv and fleet.md (scripts/present/fleet.py).

Exit status: 0 every host delivered, 1 some host failed (stderr says how many), 2 bad input (one
line naming the problem and its fix, nothing created). The fleet directory is the last line on
stdout. Python standard library only; Ansible is run as a program, never imported."""
import datetime
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))  # scripts/, for the present package

from present import fleet as fleet_report  # noqa: E402
from present.files import Refused, atomic_write, makedirs_for_invoker  # noqa: E402

SUITES = ("smoke", "quick", "default", "full")
# A host's name becomes a directory name: nothing a path could misread.
HOST_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
USAGE = ("usage: fleet.sh --inventory FILE [--suite smoke|quick|default|full] [--baseline HOST] "
         "[--forks N] [--fleet DIR]")


def _int_at_least_1(text, name):
    if not text.isdigit() or int(text) < 1:
        raise Refused(f"{name} '{text}' is not a whole number of at least 1 (e.g. FORKS=10)")
    return int(text)


# option: (key, check), check(value) -> the value kept; every option takes a value.
OPTIONS = {
    "--inventory": ("inventory", lambda v: v),
    "--suite": ("suite", lambda v: v),
    "--baseline": ("baseline", lambda v: v),
    "--forks": ("forks", lambda v: _int_at_least_1(v, "FORKS")),
    "--fleet": ("fleet", lambda v: v),
}


def parse_args(argv):
    req = {"inventory": "", "suite": "default", "baseline": "", "forks": 10, "fleet": ""}
    args = list(argv)
    while args:
        opt = args.pop(0)
        if opt not in OPTIONS or not args:
            raise Refused(f"unknown or incomplete option '{opt}' ({USAGE})")
        key, check = OPTIONS[opt]
        req[key] = check(args.pop(0))
    if not req["inventory"]:
        raise Refused("no inventory: make fleet INVENTORY=FILE (an Ansible inventory, INI or YAML)")
    if not os.path.isfile(req["inventory"]):
        raise Refused(f"INVENTORY {req['inventory']}: no such file (give an Ansible inventory)")
    if req["suite"] not in SUITES:
        raise Refused(f"SUITE '{req['suite']}' is not one of {', '.join(SUITES)}")
    for tool in ("ansible-playbook", "ansible-inventory", "ssh", "git"):
        if not shutil.which(tool):
            raise Refused(f"{tool} is not installed here (run make deps as root)")
    return req


def inventory_hosts(inventory):
    """The inventory's host names in its own order (groups depth first, each host once)."""
    p = subprocess.run(["ansible-inventory", "-i", inventory, "--list"], capture_output=True,
                       text=True, check=False)
    try:
        data = json.loads(p.stdout) if p.returncode == 0 else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        why = (p.stderr.strip().splitlines() or ["no output"])[-1]
        raise Refused(f"INVENTORY {inventory}: ansible-inventory cannot read it ({why})")
    hosts, seen = [], set()

    def walk(group):
        if group in seen or not isinstance(data.get(group), dict):
            return
        seen.add(group)
        for h in data[group].get("hosts", []):
            if h not in hosts:
                hosts.append(h)
        for child in data[group].get("children", []):
            walk(child)

    walk("all")
    if not hosts:
        raise Refused(f"INVENTORY {inventory}: names no host (is it an Ansible inventory?)")
    bad = [h for h in hosts if not HOST_NAME.match(h)]
    if bad:
        raise Refused(f"INVENTORY {inventory}: host name '{bad[0]}' cannot name a directory "
                      "(use letters, digits, '.', '_', '-'; set ansible_host for the address)")
    return hosts


def git(*args):
    p = subprocess.run(["git", "-C", ROOT] + list(args), capture_output=True, check=False)
    if p.returncode:
        why = p.stderr.decode(errors="replace").strip().splitlines()
        raise Refused(f"git {args[0]} failed in {ROOT} ({why[-1] if why else 'no message'}); "
                      "make fleet ships a git checkout's HEAD")
    return p.stdout


def pack_source(path, version):
    """`git archive HEAD` (export-ignore honoured: no results/reference/) with a VERSION file,
    gzipped to PATH."""
    raw = io.BytesIO(git("archive", "--format=tar", "HEAD"))
    with tarfile.open(fileobj=raw, mode="a") as tar:
        data = (version + "\n").encode()
        info = tarfile.TarInfo("VERSION")
        info.size, info.mode = len(data), 0o644
        info.mtime = int(datetime.datetime.now(datetime.timezone.utc).timestamp())
        tar.addfile(info, io.BytesIO(data))
    with gzip.open(path, "wb", compresslevel=6) as f:
        f.write(raw.getvalue())


def host_status(fleet, host):
    try:
        with open(os.path.join(fleet, host, "status.json"), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def unpack_run(tgz, host_dir):
    """The run directory in TGZ into HOST_DIR/<run-id>/ (one top directory, plain files and
    directories only, nothing outside it); its run id."""
    with tarfile.open(tgz, "r:gz") as tar:
        members = tar.getmembers()
        tops = {m.name.split("/")[0] for m in members}
        if len(tops) != 1:
            raise ValueError(f"the packed run holds {len(tops)} top directories, not 1")
        top = tops.pop()
        for m in members:
            parts = m.name.split("/")
            if not (m.isfile() or m.isdir()) or ".." in parts or m.name.startswith("/"):
                raise ValueError(f"the packed run holds '{m.name}', not a plain file")
        if not HOST_NAME.match(top):
            raise ValueError(f"the packed run's directory '{top}' is not a run id")
        dest = os.path.join(host_dir, top)
        if os.path.exists(dest):
            shutil.rmtree(dest)
        for m in members:
            target = os.path.join(host_dir, m.name)
            if m.isdir():
                os.makedirs(target, exist_ok=True)
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            src = tar.extractfile(m)
            with open(target, "wb") as out:
                shutil.copyfileobj(src, out)
            os.chmod(target, 0o644)
    return top


def failure_reason(record, log):
    """One line: the task that failed and why (for the suite, the log's last line too)."""
    if record.get("status") == "unreachable":
        return f"unreachable: {record.get('msg', '').strip() or 'no message'}"
    parts = [f"{record.get('task', '?')} failed"]
    if record.get("rc") is not None:
        parts[0] += f" (exit {record['rc']})"
    tail = record.get("stderr_tail") or record.get("stdout_tail") or []
    detail = tail[-1] if tail else record.get("msg", "").strip()
    if os.path.isfile(log):
        with open(log, encoding="utf-8", errors="replace") as f:
            lines = [ln.strip() for ln in f if ln.strip()]
        if lines:
            detail = lines[-1]
    if detail:
        parts.append(detail)
    return ": ".join(parts)[:500]


def collect(fleet, host, status_dir):
    """HOST's status after the playbook: its run unpacked, or its reason."""
    host_dir = os.path.join(fleet, host)
    incoming = os.path.join(fleet, ".incoming")
    tgz, log = (os.path.join(incoming, host + ext) for ext in (".tgz", ".log"))
    record_path = os.path.join(status_dir, host + ".json")
    makedirs_for_invoker(host_dir)
    if os.path.isfile(log):
        shutil.move(log, os.path.join(host_dir, "bench.log"))
    log = os.path.join(host_dir, "bench.log")
    status = {"host": host, "status": "failed", "reason": "", "run_id": "",
              "bytes_sent_back": 0}
    if os.path.isfile(record_path):
        with open(record_path, encoding="utf-8") as f:
            status["reason"] = failure_reason(json.load(f), log)
    elif not os.path.isfile(tgz):
        status["reason"] = "no run came back (the play ended before this host's suite)"
    else:
        try:
            status["bytes_sent_back"] = os.path.getsize(tgz)
            status["run_id"] = unpack_run(tgz, host_dir)
            status["status"] = "ok"
        except (ValueError, OSError, tarfile.TarError) as e:
            status["reason"] = f"the packed run does not unpack: {e}"
    if os.path.isfile(tgz):
        os.unlink(tgz)
    atomic_write(os.path.join(host_dir, "status.json"), json.dumps(status, indent=1) + "\n")
    return status


def close_masters(cp_dir):
    """Ends the ssh ControlPersist masters this play opened (their sockets are all in CP_DIR),
    so no ssh process of the engine outlives make fleet."""
    for name in sorted(os.listdir(cp_dir)):
        sock = os.path.join(cp_dir, name)
        subprocess.run(["ssh", "-o", f"ControlPath={sock}", "-O", "exit", "fleet-host"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def run_playbook(req, fleet, hosts, archive):
    """ansible-playbook on HOSTS, its output on our stderr; the callback's records in a
    directory of their own."""
    ship = os.path.join(fleet, ".ship")
    status_dir = os.path.join(ship, "status")
    shutil.rmtree(status_dir, ignore_errors=True)
    os.makedirs(status_dir)
    limit = os.path.join(ship, "limit")
    with open(limit, "w", encoding="utf-8") as f:
        f.write("".join(h + "\n" for h in hosts))
    extra = {"fleet_archive": archive, "fleet_dir": fleet, "fleet_suite": req["suite"]}
    with open(os.path.join(ship, "vars.json"), "w", encoding="utf-8") as f:
        json.dump(extra, f)
    # The control sockets in a short private directory (a socket's path has ~100 bytes).
    cp_dir = tempfile.mkdtemp(prefix="fb-cp-")
    env = dict(os.environ, ANSIBLE_CALLBACKS_ENABLED="forkbench_fleet",
               FORKBENCH_FLEET_STATUS=status_dir, ANSIBLE_SSH_CONTROL_PATH_DIR=cp_dir,
               ANSIBLE_RETRY_FILES_ENABLED="false")
    cmd = ["ansible-playbook", "-i", req["inventory"], os.path.join(HERE, "playbook.yml"),
           "--forks", str(req["forks"]), "--limit", "@" + limit,
           "-e", "@" + os.path.join(ship, "vars.json")]
    try:
        p = subprocess.run(cmd, env=env, stdout=sys.stderr, check=False)
    finally:
        close_masters(cp_dir)
        shutil.rmtree(cp_dir, ignore_errors=True)
    return p.returncode, status_dir


def main(argv):
    req = parse_args(argv)
    hosts = inventory_hosts(req["inventory"])
    if req["baseline"] and req["baseline"] not in hosts:
        raise Refused(f"BASELINE '{req['baseline']}' is not a host of {req['inventory']} "
                      f"(its hosts: {', '.join(hosts[:5])}{' ...' if len(hosts) > 5 else ''})")
    version = git("describe", "--always", "--dirty").decode().strip()
    head = git("rev-parse", "HEAD").decode().strip()
    now = datetime.datetime.now(datetime.timezone.utc)
    fleet = req["fleet"] or os.path.join(ROOT, "results", "fleet-" + now.strftime("%Y%m%dT%H%M%SZ"))
    fleet = os.path.abspath(fleet)
    if os.path.exists(fleet) and not os.path.isdir(fleet):
        raise Refused(f"FLEET {req['fleet']}: not a directory (name a fleet directory or none)")

    makedirs_for_invoker(fleet)
    todo = [h for h in hosts if host_status(fleet, h).get("status") != "ok"]
    kept = len(hosts) - len(todo)
    if kept:
        print(f"fleet: {kept} host(s) already delivered in {fleet}: kept", file=sys.stderr)
    record_path = os.path.join(fleet, "fleet.json")
    try:
        with open(record_path, encoding="utf-8") as f:
            record = json.load(f)
    except (OSError, ValueError):
        record = {"started_utc": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "runs": []}
    if todo:
        ship = os.path.join(fleet, ".ship")
        os.makedirs(os.path.join(fleet, ".incoming"), exist_ok=True)
        os.makedirs(ship, exist_ok=True)
        archive = os.path.join(ship, "forkbench.tar.gz")
        pack_source(archive, version)
        print(f"fleet: {len(todo)} host(s), suite {req['suite']}, forks {req['forks']}, "
              f"source {version} ({os.path.getsize(archive)} bytes)", file=sys.stderr)
        _, status_dir = run_playbook(req, fleet, todo, archive)
        for h in todo:
            collect(fleet, h, status_dir)
        shutil.rmtree(ship, ignore_errors=True)
        shutil.rmtree(os.path.join(fleet, ".incoming"), ignore_errors=True)
        record["runs"].append({"utc": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "version": version,
                               "head": head, "dirty": version.endswith("-dirty"),
                               "suite": req["suite"], "hosts": todo})
    record.update({"inventory": os.path.abspath(req["inventory"]), "hosts": hosts,
                   "baseline": req["baseline"]})
    atomic_write(record_path, json.dumps(record, indent=1) + "\n")

    fleet_report.write(fleet)
    failed = [h for h in hosts if host_status(fleet, h).get("status") != "ok"]
    for h in failed:
        print(f"fleet: {h} failed: {host_status(fleet, h).get('reason', '')}", file=sys.stderr)
    print(f"fleet: {len(hosts) - len(failed)} of {len(hosts)} host(s) delivered, "
          f"{len(failed)} failed; report: {os.path.join(fleet, 'fleet.md')}", file=sys.stderr)
    print(fleet)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Refused as e:
        print(f"fleet: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
