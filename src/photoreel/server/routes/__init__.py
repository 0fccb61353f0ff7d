"""One router per resource of the protocol (auth, sessions, chat, upload, state, credits,
render, media) plus photoreel's server-info addition."""
