"""python3 -m present COMMAND ARGS (PYTHONPATH=scripts; scripts/*.sh are the entry points): the
command table. A Refused is one line on stderr naming the problem and its fix, exit 2."""
import sys

from .files import Refused

# command: (module, what it does); each module has main(argv) -> exit status.
COMMANDS = {
    "aggregate": ("aggregate", "runs into one long CSV"),
    "plot": ("charts", "a run's charts into RUN_DIR/plots/"),
    "report": ("report", "a run's report.md"),
    "compare": ("compare_charts", "forkbench compare of runs, with charts, into a directory"),
}


def main(argv):
    if not argv or argv[0] not in COMMANDS:
        names = ", ".join(COMMANDS)
        print(f"usage: python3 -m present COMMAND ... (COMMAND: {names})", file=sys.stderr)
        return 2
    prog = argv[0]
    module = __import__(f"present.{COMMANDS[prog][0]}", fromlist=["main"])
    try:
        return module.main(argv[1:])
    except Refused as e:
        print(f"{prog}.sh: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
