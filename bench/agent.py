"""How well and how fast the agent reads instructions.

Runs every case of the agent's instruction table (tests/agent_table.py: the
agent's own cases and the world cases, English and Chinese, the same table the
tests use), prints the cases it got wrong, then the share understood correctly
(all, and the Chinese cases alone) and the median time of one `run_turn` call.
Earlier turns of a case's conversation build its state and are not timed.

    python bench/agent.py            # last lines: understood=, understood_zh=, median_ms=
    python bench/agent.py --repeat 5 # time each instruction 5 times, keep the best
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from agent_cases import play, problems
from agent_table import TABLE, is_chinese


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timings per instruction (best kept)")
    args = parser.parse_args()
    times: list[float] = []
    right = right_zh = 0
    for case in TABLE:
        runs = [play(case) for _ in range(max(1, args.repeat))]
        times.append(min(r.seconds for r in runs))
        wrong = problems(runs[0])
        if wrong:
            print(f"MISS {case.language} {case.id}: {'; '.join(wrong)}")
        else:
            right += 1
            right_zh += is_chinese(case)
    zh = sum(1 for c in TABLE if is_chinese(c))
    slowest = sorted(zip(times, (c.id for c in TABLE), strict=True), reverse=True)[:3]
    print(f"cases={len(TABLE)} zh={zh}")
    print("slowest: " + ", ".join(f"{t * 1000:.2f} ms ({name})" for t, name in slowest))
    print(f"understood={right / len(TABLE):.3f}")
    print(f"understood_zh={right_zh / max(1, zh):.3f}")
    print(f"median_ms={statistics.median(times) * 1000:.2f}")


if __name__ == "__main__":
    main()
