"""Reading an instruction: tokens, spelling, numbers, clauses and photo references."""
