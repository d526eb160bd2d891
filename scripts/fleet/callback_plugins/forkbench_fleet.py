"""make fleet's record of what went wrong on each host (enabled by scripts/fleet/fleet.py through
ANSIBLE_CALLBACKS_ENABLED; it writes nothing for a host that succeeded). The first failure or
unreachable result of a host is written to $FORKBENCH_FLEET_STATUS/HOST.json: the task's name,
Ansible's message, the exit status and the last lines of the command's output. Later results of
that host (the log fetch of the playbook's always: section) never overwrite it."""
import json
import os

from ansible.plugins.callback import CallbackBase

TAIL_LINES = 5


def _tail(text):
    lines = [ln for ln in (text or "").splitlines() if ln.strip()]
    return lines[-TAIL_LINES:]


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "forkbench_fleet"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self.status_dir = os.environ.get("FORKBENCH_FLEET_STATUS", "")

    def _record(self, result, status):
        if not self.status_dir:
            return
        host = result._host.get_name()
        path = os.path.join(self.status_dir, host + ".json")
        if os.path.exists(path):
            return
        r = result._result
        record = {
            "host": host,
            "status": status,
            "task": result._task.get_name(),
            "msg": str(r.get("msg", "")),
            "rc": r.get("rc"),
            "stderr_tail": _tail(r.get("stderr", "")),
            "stdout_tail": _tail(r.get("stdout", "")),
        }
        os.makedirs(self.status_dir, exist_ok=True)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.replace(tmp, path)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        if not ignore_errors:
            self._record(result, "failed")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")
