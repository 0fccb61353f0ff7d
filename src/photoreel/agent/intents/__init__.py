"""What the person asked for, as typed intents, and how each is applied to the draft.

One module an area: make, canvas, transitions, motion, fit, text, audio,
arrange, durations, styles, history, questions, routes. Each has a `parse`
function (clause -> intents) and intent models whose `apply` edits the work
draft and records an `EditOp` with a sentence for the reply.
"""
