"""``python -m hudna …`` runs the ``hudna`` command the wheel installed."""

import os
import sys

from . import _cli_path


def main() -> None:
    exe = _cli_path()
    if exe is None:
        sys.exit(
            "hudna: the command-line binary is not installed with this package; "
            "build it with `cargo build --release` or install a wheel built by python/ci.sh"
        )
    os.execv(exe, [exe, *sys.argv[1:]])


if __name__ == "__main__":
    main()
