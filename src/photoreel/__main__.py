"""`python -m photoreel` is the same as the `photoreel` command."""

from photoreel.cli import main

raise SystemExit(main())
