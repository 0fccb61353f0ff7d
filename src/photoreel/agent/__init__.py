"""The agent: an instruction in plain language plus the current draft become edits.

Pure and deterministic: no I/O, no clock, no randomness that is not seeded by
the input. The server calls `run_turn` inside `/run_sse` and streams what it
returns. What it understands is written down in docs/AGENT.md.
"""

from photoreel.agent.turn import EditOp, MediaItem, TurnInput, TurnOutput, run_turn

__all__ = ["EditOp", "MediaItem", "TurnInput", "TurnOutput", "run_turn"]
