"""The command line, one module per command; `photoreel.cli` builds the parser from them.

Each command module has `add(commands)`, which adds its subcommand parser,
and `run(args)`, which does the work and returns the exit code. What the
commands share: `arguments.py` (flags, usage errors), `running.py` (a backend
and a client for one command, Ctrl-C), `errors.py` (exit codes), `progress.py`
(progress on stderr).
"""
