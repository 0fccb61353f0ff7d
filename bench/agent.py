"""How well and how fast the agent reads instructions.

Runs every case of the agent's instruction table (tests/agent_cases.py, the
same table the tests use), prints the cases it got wrong, then the share
understood correctly and the median time of one `run_turn` call. Earlier
turns of a case's conversation build its state and are not timed.

    python bench/agent.py            # last lines: understood=<fraction>, median_ms=<x>
    python bench/agent.py --repeat 5 # time each instruction 5 times, keep the best
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from agent_cases import CASES, play, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timings per instruction (best kept)")
    args = parser.parse_args()
    times: list[float] = []
    right = 0
    for case in CASES:
        runs = [play(case) for _ in range(max(1, args.repeat))]
        times.append(min(r.seconds for r in runs))
        wrong = problems(runs[0])
        if wrong:
            print(f"MISS {case.id}: {'; '.join(wrong)}")
        else:
            right += 1
    slowest = sorted(zip(times, (c.id for c in CASES), strict=True), reverse=True)[:3]
    print(f"cases={len(CASES)}")
    print("slowest: " + ", ".join(f"{t * 1000:.2f} ms ({name})" for t, name in slowest))
    print(f"understood={right / len(CASES):.3f}")
    print(f"median_ms={statistics.median(times) * 1000:.2f}")


if __name__ == "__main__":
    main()
