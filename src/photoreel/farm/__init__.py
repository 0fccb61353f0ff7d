"""The render farm: a render's chunks made on the machines of a Dask cluster.

`photoreel serve --cluster tcp://SCHEDULER:8786` plans each render into chunks
(the engine's windows, engine/chunks.py), submits every chunk as a task to the
cluster, writes each finished chunk to its job folder as it comes back, then
joins them by stream copy and mixes the sound itself. `photoreel worker
tcp://SCHEDULER:8786` joins a machine to the cluster: it fetches the media a
chunk shows from the server over HTTP with the job's credential (or reads them
from a shared folder), renders the chunk and sends it back.

Modules: `tasks` (what a chunk task carries and the function a worker runs),
`media` (a worker's files: shared folder, cache, download), `credentials` (the
server's per-job keys to its media), `cluster` (the server's side: submit,
follow, cancel, join), `worker` (`photoreel worker`). Only `cluster` and
`worker` import Dask; it is the optional extra `photoreel[farm]`.
"""
