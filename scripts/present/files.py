"""Writing outputs: atomically (a temporary name in the target's directory, then a rename), and
under sudo handed to the invoking user as scripts/lib/owner.sh does. Bad input is a Refused:
one line naming the problem and its fix, exit 2 (__main__.py), nothing half-written."""
import os
import tempfile


class Refused(Exception):
    """Bad input or an impossible request: its text is the one line the user sees."""


def invoker_ids():
    """(uid, gid) of the user who ran sudo, or None: as owner.sh's owner_ids, decimal ids only,
    neither 0 nor (uid_t)-1; anything else is ignored, never used."""
    if os.geteuid() != 0:
        return None
    ids = []
    for name in ("SUDO_UID", "SUDO_GID"):
        text = os.environ.get(name, "")
        if not text.isdigit() or not text.isascii() or text.startswith("0") or len(text) > 10:
            return None
        if int(text) >= 4294967295:
            return None
        ids.append(int(text))
    return tuple(ids)


def give_to_invoker(path):
    """PATH itself (a link, not its target) to the invoking user under sudo; else nothing."""
    ids = invoker_ids()
    if ids:
        os.chown(path, ids[0], ids[1], follow_symlinks=False)


def makedirs_for_invoker(path):
    """mkdir -p PATH; under sudo each directory it created (only those) goes to the user."""
    new = []
    d = os.path.normpath(path)
    while d not in ("", ".", "/") and not os.path.lexists(d):
        new.append(d)
        d = os.path.dirname(d)
    os.makedirs(path, exist_ok=True)
    for d in reversed(new):
        give_to_invoker(d)


def atomic_write(path, data):
    """Writes PATH (text or bytes) whole or not at all, readable by all, the invoker's."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", dir=directory)
    except OSError as e:
        raise Refused(f"{path}: cannot write there ({e.strerror}); choose a writable place")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
        os.chmod(tmp, 0o644)
        give_to_invoker(tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def move_into(src, directory):
    """Renames the finished file SRC into DIRECTORY (same file system), handing it over first."""
    os.chmod(src, 0o644)
    give_to_invoker(src)
    dst = os.path.join(directory, os.path.basename(src))
    os.replace(src, dst)
    return dst
